#!/usr/bin/env bash
# EHT 2017 M87 imaging under the three shipped score priors (issue 15): each UVFITS file (April 5/6,
# lo/hi) under score_ring, score_turbulent and score_blobs through the imaging job (`orrery image`'s
# Java layer: closures + 10 % flux, 2 % systematic, annealed Langevin), one RESULT line each, all
# runs in parallel; then the synthetic asymmetric crescent (d = 44 uas, PA = 230 deg) on the real
# April 6 lo coverage and sigma under score_ring and score_blobs (SYNTH lines).
# The priors themselves are reproduced by bench/train-score-priors.sh.
# Usage: bench/imaging-score-prior.sh [SAMPLES=8] [FILES="095_lo 095_hi 096_lo 096_hi"] [PRIORS="score_ring score_turbulent score_blobs"]
# Env: M2 (maven repo), DATA (../shared/data/eht2017), RUN_OUT (outputs; default a temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-8}; FILES=${2:-"095_lo 095_hi 096_lo 096_hi"}; PRIORS=${3:-"score_ring score_turbulent score_blobs"}
M2=${M2:-$HOME/.m2/repository}
DATA=${DATA:-../shared/data/eht2017}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
export ORRERY_NN_THREADS=${ORRERY_NN_THREADS:-1} OMP_NUM_THREADS=${ORRERY_NN_THREADS:-1}
mvn -B -q -o -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat posteriors/imaging/target/imaging-bench.cp)
RUN=${RUN_OUT:-$(mktemp -d)}; mkdir -p "$RUN"
for f in $FILES; do
  for p in $PRIORS; do
    java -Xmx700m -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ImagingBench \
        "$DATA/SR1_M87_2017_${f}_hops_netcal_StokesI.uvfits" "$RUN/$f-$p" "$SAMPLES" 32 160 "$p" > "$RUN/$f-$p.log" 2>&1 &
  done
done
for p in score_ring score_blobs; do
  java -Xmx700m -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.internal.ScoreImagingExperiment \
      "posteriors/imaging/src/main/resources/score-priors/${p#score_}.oscp" synthetic "$SAMPLES" > "$RUN/synthetic-$p.log" 2>&1 &
done
wait
grep -h -E '^RESULT' "$RUN"/*.log
echo "outputs in $RUN"
