#!/usr/bin/env bash
# The interpolant on the linear Gaussian field problem (issue 14): r(k), T(k), 68 % coverage per k-shell
# of its draws beside exact Wiener draws, training and sampling times.
# Usage: bench/interpolant-fields.sh [grid=32] [dims=2] [n=2000] [epochs=10] [channels=16,32,32] [draws=64]
#          [truths=3] [steps=50] [seed=1] [noise=1.0]   (MVN_ARGS="-Dmaven.repo.local=..." to pick a Maven repository)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp -r posteriors/interpolant/target/test-classes "$work/test-classes"
cp -r posteriors/interpolant/target/classes "$work/classes"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.orrery/djl}" ORRERY_NN_THREADS=1
java -Xmx3g -cp "$work/test-classes:$work/classes:$(cat "$work/cp")" org.orrery.posteriors.interpolant.bench.FieldBench "$@"
