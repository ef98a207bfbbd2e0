#!/usr/bin/env bash
# Per-simulation overhead of external simulators: worker mode (framed stdin/stdout, orrery_sim.py)
# and per-call mode (one python3 process per simulation), against the same numpy function called
# in a plain Python loop, side by side in one run. Needs /usr/bin/python3 with numpy and
#   mvn -pl plugins/external -am install -DskipTests   (then test-compile of plugins/external).
# Usage: bench/external-overhead.sh [worker_calls] [per_call_calls] [campaign_num]
set -euo pipefail
cd "$(dirname "$0")/.."
M2=${M2:-$HOME/.m2/repository}
mvn -q -o -B -Dmaven.repo.local="$M2" -pl plugins/external test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
CP=plugins/external/target/test-classes:plugins/external/target/classes:$(cat plugins/external/target/bench.cp)
echo "# $(date -Is) $(nproc) cores, $(java -version 2>&1 | head -1), $(/usr/bin/python3 -c 'import numpy, sys; print("python", sys.version.split()[0], "numpy", numpy.__version__)')"
java -cp "$CP" org.orrery.external.internal.ExternalOverheadBench "${1:-20000}" "${2:-50}" "${3:-20000}"
