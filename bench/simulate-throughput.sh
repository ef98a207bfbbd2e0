#!/usr/bin/env bash
# Campaign throughput (sims/s, bank size) for two_moons and slcp at 10^6 simulations on 2 workers,
# beside the bare cost of each simulator in a tight loop on one thread (so campaign overhead shows);
# one cold and two warm campaigns per simulator, measured by wall time and by process CPU time.
# Needs: mvn -pl framework/core install (test classes) and the benchmark bundle built
# (simulators/benchmarks/target/*.jar). Usage: bench/simulate-throughput.sh [num] [workers]
set -euo pipefail
cd "$(dirname "$0")/.."
NUM=${1:-1000000}
WORKERS=${2:-2}
M2=${M2:-$HOME/.m2/repository}
jar() { find "$M2/$1" -name "$2" | sort | tail -1; }
CP=framework/core/target/classes:framework/core/target/test-classes
CP=$CP:$(ls simulators/benchmarks/target/orrery-benchmark-simulators-*.jar | head -1)
CP=$CP:$(jar org/orrery/orrery-api 'orrery-api-*.jar')
for a in commons-rng-client-api commons-rng-core commons-rng-simple commons-rng-sampling; do
  CP=$CP:$(jar org/apache/commons/$a "$a-1.6.jar")
done
CP=$CP:$(jar org/apache/commons/commons-math3 'commons-math3-3.6.1.jar')
CP=$CP:$(jar io/jhdf/jhdf 'jhdf-0.13.0.jar'):$(jar org/apache/commons/commons-lang3 'commons-lang3-3.*.jar')
CP=$CP:$(jar org/slf4j/slf4j-api 'slf4j-api-2.0.16.jar'):$(jar gov/nasa/gsfc/heasarc/nom-tam-fits 'nom-tam-fits-1.21.1.jar')
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "# $(date -Is) $(nproc) cores, $(java -version 2>&1 | head -1)"
for s in TwoMoons Slcp; do
  java -Xmx4g -cp "$CP" org.orrery.campaign.ThroughputBench \
    org.orrery.simulators.benchmarks.internal.$s "$NUM" "$WORKERS" "$TMP"
done
