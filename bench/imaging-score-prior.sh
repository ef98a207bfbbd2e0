#!/usr/bin/env bash
# EHT 2017 M87 imaging under the three shipped score priors (issue 15): each UVFITS file (April 5/6,
# lo/hi) under score_ring, score_turbulent and score_blobs through the imaging job (`orrery image`'s
# Java layer: closures + 10 % flux, 2 % systematic, the learned-prior sampler ProximalDiffusion), one
# RESULT line each; then the synthetic asymmetric crescent (d = 44 uas, PA = 230 deg) on the real
# April 6 lo coverage and sigma under score_ring and score_blobs, and its complex conjugate (the 180 deg
# flip), over NOISE seeds of the thermal noise (SYNTH lines: ProximalImagingExperiment RESULT lines).
# The priors themselves are reproduced by bench/train-score-priors.sh.
# Usage: bench/imaging-score-prior.sh [SAMPLES=8] [FILES="095_lo 095_hi 096_lo 096_hi"] [PRIORS="score_ring score_turbulent score_blobs"]
#   (PRIORS may also be .oscp files, given by absolute path)
# Env: M2 (maven repo), DATA (../shared/data/eht2017), RUN_OUT (outputs; default a temp dir), JOBS (runs at a
# time; default 2), PRIOR_DIR (directory of ring/turbulent/blobs .oscp for the synthetic runs; default the
# shipped ones), NOISE (thermal-noise seeds of the synthetic runs; default "7 8 9"; empty: none).
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-8}; FILES=${2:-"095_lo 095_hi 096_lo 096_hi"}; PRIORS=${3:-"score_ring score_turbulent score_blobs"}
M2=${M2:-$HOME/.m2/repository}
DATA=${DATA:-../shared/data/eht2017}
JOBS=${JOBS:-2}
PRIOR_DIR=${PRIOR_DIR:-posteriors/imaging/src/main/resources/score-priors}
NOISE=${NOISE-"7 8 9"}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
export ORRERY_NN_THREADS=${ORRERY_NN_THREADS:-1} OMP_NUM_THREADS=${ORRERY_NN_THREADS:-1}
mvn -B -q -o -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat posteriors/imaging/target/imaging-bench.cp)
RUN=${RUN_OUT:-$(mktemp -d)}; mkdir -p "$RUN"
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 2; done; }
for f in $FILES; do
  for p in $PRIORS; do
    throttle
    name=$(basename "$p" .oscp)
    java -Xmx700m -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ImagingBench \
        "$DATA/SR1_M87_2017_${f}_hops_netcal_StokesI.uvfits" "$RUN/$f-$name" "$SAMPLES" 32 160 "$p" > "$RUN/$f-$name.log" 2>&1 &
  done
done
for n in $NOISE; do
  for p in ring blobs; do
    for d in synthetic synthetic-conj; do
      throttle
      # ProximalImagingExperiment PRIOR FILE CHAINS LEVELS PROX LAMBDA ZETA SEED NOISE: ImageJob's settings (30 levels, 60 L-BFGS, lambda 0.01, zeta 1)
      java -Xmx700m -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.internal.ProximalImagingExperiment \
          "$PRIOR_DIR/$p.oscp" "$d" "$SAMPLES" 30 60 0.01 1 1 "$n" > "$RUN/$d-$p-$n.log" 2>&1 &
    done
  done
done
wait
grep -h -E '^RESULT' "$RUN"/*.log
echo "outputs in $RUN"
