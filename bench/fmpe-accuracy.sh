#!/usr/bin/env bash
# C2ST of fmpe beside maf and nsf, in one run, on sbibm tasks against their reference posteriors (issue 14),
# on the same training sets, observations and reference samples as bench/maf-accuracy.sh for the same seed.
# Usage: bench/fmpe-accuracy.sh [tasks=two_moons,gaussian_linear,slcp] [sizes=10000] [obs=10] [samples=10000]
#          [seed=1] [estimators=fmpe,maf,nsf] [config=sample_batch:1000,...  (fmpe settings)]
#          (MVN_ARGS="-Dmaven.repo.local=..." to pick a Maven repository)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp -r posteriors/interpolant/target/test-classes "$work/test-classes"
cp -r posteriors/interpolant/target/classes "$work/classes"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.orrery/djl}" ORRERY_NN_THREADS=1
java -Xmx3g -cp "$work/test-classes:$work/classes:$(cat "$work/cp")" org.orrery.posteriors.interpolant.bench.FmpeAccuracyBench "$@"
