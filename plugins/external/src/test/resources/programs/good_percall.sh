#!/bin/sh
# A well-behaved per-call program: reads theta and the seed from the environment, writes outputs.json.
# argv[1]: seconds to sleep first (to give a test time to kill the campaign).
sleep "${1:-0}"
set -- $ORRERY_THETA
awk -v a="$1" -v b="$2" -v s="$ORRERY_SEED" 'BEGIN {
  u = (s % 1000003) / 1000003
  printf "{\"x\": [%.17g, %.17g]}\n", a + u, b - u
}' > "$ORRERY_OUTPUT_DIR/outputs.json"
