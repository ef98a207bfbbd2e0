#!/usr/bin/env bash
# Seconds per simulation of grf and lpt (2LPT) at 64^3 and 128^3, and peak heap (issue 6 bench).
# Target: a 128^3 2LPT simulation in under 3 s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl simulators/cosmology test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B -pl simulators/cosmology dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx3g -cp "simulators/cosmology/target/test-classes:simulators/cosmology/target/classes:$(cat "$cp_file")" \
  org.orrery.simulators.cosmology.internal.CosmologyBench "$@"
