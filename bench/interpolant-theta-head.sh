#!/usr/bin/env bash
# The interpolant's two theta carriages side by side (issue 14: theta as constant extra channels of x1,
# or through a head on the U-Net's bottleneck): the same lpt_tracers fields, training seed, held-out
# truths and SBC/TARP pairs for theta_head=channels and theta_head=bottleneck. Prints per carriage the
# training time and validation loss, theta posterior std and RMSE of its mean, SBC and TARP for
# (Omega_m, sigma8), r(k) of the posterior mean and 68 % coverage per k-shell of the initial field.
# Usage: bench/interpolant-theta-head.sh [grid=32] [dims=2] [n=300] [epochs=20] [channels=8,16,32]
#          [draws=64] [truths=4] [steps=25] [sbc=30] [sbc_draws=40] [heads=channels,bottleneck] [seed=1]
#          [config=key:value,...]
#        (MVN_ARGS="-Dmaven.repo.local=..." to pick a Maven repository; heads=bottleneck runs one carriage,
#         so two JVMs can run the carriages side by side with the same arguments)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp -r posteriors/interpolant/target/test-classes "$work/test-classes"
cp -r posteriors/interpolant/target/classes "$work/classes"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.orrery/djl}" ORRERY_NN_THREADS=${ORRERY_NN_THREADS:-1}
export OMP_NUM_THREADS=$ORRERY_NN_THREADS
java -Xmx3g -cp "$work/test-classes:$work/classes:$(cat "$work/cp")" org.orrery.posteriors.interpolant.bench.ThetaHeadBench "$@"
