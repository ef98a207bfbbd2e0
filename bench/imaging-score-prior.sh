#!/usr/bin/env bash
# Score-based (diffusion) image prior for EHT imaging (issue 15): trains the score_prior network by
# denoising score matching on images of the image simulators, writes OUT.oscp, then images the
# real April 5/6 M87 data with it (annealed Langevin, closures + flux) and prints one RESULT line
# per file, as bench/imaging.sh does for the classical priors.
# Usage: bench/imaging-score-prior.sh [OUT=target/ring.oscp] [PIXELS=32] [IMAGES=3000] [EPOCHS=20]
#        [STEPS=100] [BATCH=32] [SIMS=eht_crescent,eht_turbulent_ring] [SAMPLES=32] [FILES="096_lo"] [SEED=1] [CHANNELS=16-32-64]
# Needs: mvn install of the modules posteriors/imaging depends on, with -Dmaven.repo.local of your choice (M2).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-target/ring.oscp}; PIXELS=${2:-32}; IMAGES=${3:-3000}; EPOCHS=${4:-20}; STEPS=${5:-100}; BATCH=${6:-32}
SIMS=${7:-eht_crescent,eht_turbulent_ring}; SAMPLES=${8:-32}; FILES=${9:-"096_lo"}; SEED=${10:-1}; CHANNELS=${11:-16-32-64}
FOV=${FOV:-160}
M2=${M2:-$HOME/.m2/repository}
DATA=${DATA:-../shared/data/eht2017}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
mvn -B -q -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat posteriors/imaging/target/imaging-bench.cp)
mkdir -p "$(dirname "$OUT")"
java -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ScorePriorBench \
    "$OUT" "$PIXELS" "$FOV" "$IMAGES" "$SIMS" "$EPOCHS" "$STEPS" "$BATCH" "$SEED" "$CHANNELS" | grep -E '^(RESULT|provenance|score prior: epoch)'
RUN=${RUN_OUT:-$(mktemp -d)}; mkdir -p "$RUN"
for f in $FILES; do
  java -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ImagingBench \
      "$DATA/SR1_M87_2017_${f}_hops_netcal_StokesI.uvfits" "$RUN/$f" "$SAMPLES" "$PIXELS" "$FOV" "$(realpath "$OUT")" | grep -E '^(RESULT|TOTAL)'
done
echo "outputs in $RUN"
