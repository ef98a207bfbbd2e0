#!/usr/bin/env bash
# C2ST accuracy of the MAF estimator on sbibm tasks against their reference posteriors (issue 4).
# Usage: bench/maf-accuracy.sh [tasks=two_moons,gaussian_linear,slcp] [sizes=1000,10000] [obs=10]
#          [samples=10000] [seed=1] [config=hidden:100,...] [floor=true|false]
# Quick run:  bench/maf-accuracy.sh tasks=two_moons sizes=1000 obs=2 samples=2000
# The full default run trains 6 flows and runs 63 C2STs: tens of minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl posteriors/maf test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B -pl posteriors/maf dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
# A private copy of the classes and jars: a long run must not break when a module is reinstalled meanwhile.
mkdir -p "$work/jars"
cp -r posteriors/maf/target/test-classes "$work/test-classes"
cp -r posteriors/maf/target/classes "$work/classes"
cp_copy="$work/test-classes:$work/classes"
IFS=: read -ra jars < "$work/cp" || true  # the file has no final newline
for j in "${jars[@]}"; do
  c="$work/jars/$(printf '%s' "$j" | md5sum | cut -c1-8)-$(basename "$j")"
  cp "$j" "$c"
  cp_copy="$cp_copy:$c"
done
java -Xmx3g -cp "$cp_copy" \
  org.orrery.posteriors.maf.bench.MafAccuracyBench "$@"
