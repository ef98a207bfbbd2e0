#!/bin/sh
# A per-call program that misbehaves when a = theta[0] > 0.5, in the way argv[1] names.
if [ "$1" = child ]; then exec sleep 31.7; fi
fault="$1"
set -- $ORRERY_THETA
out="$ORRERY_OUTPUT_DIR"
if awk -v a="$1" 'BEGIN { exit !(a > 0.5) }'; then
  case "$fault" in
    crash) echo "boom at a=$1" >&2; exit 3 ;;
    hang) "$0" child & sleep 31.7 ;;
    garbage) echo "this is not numpy" > "$out/x.npy"; exit 0 ;;
    wrong-shape) echo '{"x": [1, 2, 3]}' > "$out/outputs.json"; exit 0 ;;
    no-output) echo "done (but forgot to write)"; exit 0 ;;
  esac
fi
echo "{\"x\": [$1, $2]}" > "$out/outputs.json"
