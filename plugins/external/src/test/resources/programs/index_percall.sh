#!/bin/sh
# Per-call program that reports the simulation index it was given, two ways: x = [$ORRERY_INDEX, argv[1]]
# (the {index} placeholder), plus the JSON input's "index" checked against the environment.
grep -q "\"index\": $ORRERY_INDEX," "$ORRERY_INPUT" || { echo "input.json disagrees on the index" >&2; exit 3; }
printf '{"x": [%s, %s]}\n' "$ORRERY_INDEX" "$1" > "$ORRERY_OUTPUT_DIR/outputs.json"
