#!/usr/bin/env bash
# Speed figures of the MAF estimator's fused hot path (training step, two_moons convergence, sampling),
# with the NSF estimator of the same shape beside each.
# Usage: bench/maf-speed.sh [quick]     (quick skips the two_moons convergence runs)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl posteriors/maf test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B -pl posteriors/maf dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx2g -cp "posteriors/maf/target/test-classes:posteriors/maf/target/classes:$(cat "$cp_file")" \
  org.orrery.posteriors.maf.bench.MafSpeedBench "$@"
