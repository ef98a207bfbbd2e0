#!/usr/bin/env bash
# The interpolant on lpt_tracers fields (issue 14, "Must show" bullet 2): 2LPT in 250 Mpc/h seen through
# biased Poisson tracers (CIC). r(k) of the posterior mean beside the linear (Wiener) reconstruction's,
# T(k) of the draws, 68 % coverage per k-shell, SBC/TARP for (Omega_m, sigma8), the theta posterior width
# beside fmpe on log P(k) of the same fields, training and sampling (100 draws) times.
# Usage: bench/interpolant-lpt.sh [grid=64] [dims=2] [n=800] [epochs=10] [channels=16,32,64] [draws=100]
#          [truths=4] [steps=50] [nbar=0.001] [bias=1.5] [sbc=40] [sbc_draws=32] [npe_epochs=300] [seed=1]
#          [config=key:value,...] [redshift=0.5] [slab=250] [lpt_order=2]
#          [samplers=sde:G,...,ode: choose the sampler whose 68 % coverage per shell is closest to 0.68 on
#           tune_truths (1) validation truths × tune_draws (32) draws, then use it for the report and SBC/TARP]
#          [probe=K: only r(k) of the observed and matter fields against the IC, K fields]
#        (MVN_ARGS="-Dmaven.repo.local=..." to pick a Maven repository)
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
java -Xmx3g -cp "$work/test-classes:$work/classes:$(cat "$work/cp")" org.orrery.posteriors.interpolant.bench.LptBench "$@"
