#!/usr/bin/env bash
# Reproduces the three score priors shipped in posteriors/imaging (issue 15): ring/crescent family,
# turbulent accretion-like ring, generic blobs. Each is trained by denoising score matching on images
# drawn from one image simulator (ScorePriorBench: θ from its prior, a fixed seed per prior), each image
# rescaled to 0.6 Jy, 32 x 32 pixels over 160 uas, U-Net channels 8-16-32, batch 16, EPOCHS x STEPS
# optimiser steps. The blobs prior is trained on GaussianBlobs.generic (16 blobs of varied size spread
# over a disc up to 60 uas; "eht_blobs_generic" here), not on the 4-blob eht_blobs simulator.
# The training itself is the code of `orrery train --estimator score_prior` (ScorePriorTraining): the
# same images, settings and seed give the same file either way (ScorePriorCommandTest); only the image
# draws are the bench's own. Same seed and thread count -> same file.
# Usage: bench/train-score-priors.sh [OUTDIR=target/score-priors] [EPOCHS=24] [STEPS=200] [IMAGES=3000] [PRIORS="ring turbulent blobs"]
# Then copy OUTDIR/score-*.oscp to posteriors/imaging/src/main/resources/score-priors/ (score-ring.oscp -> ring.oscp, ...).
# Needs: mvn install of the modules posteriors/imaging depends on (M2 = your -Dmaven.repo.local).
# The three trainings run in parallel, 1 thread each; a killed run resumes from OUTDIR/score-NAME.ckpt
# (same arguments), and OUTDIR/interim-NAME.oscp holds the best prior so far while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUTDIR=${1:-target/score-priors}; EPOCHS=${2:-24}; STEPS=${3:-200}; IMAGES=${4:-3000}; PRIORS=${5:-"ring turbulent blobs"}
M2=${M2:-$HOME/.m2/repository}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
export ORRERY_NN_THREADS=${ORRERY_NN_THREADS:-1} OMP_NUM_THREADS=${ORRERY_NN_THREADS:-1}
mvn -B -q -o -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat posteriors/imaging/target/imaging-bench.cp)
mkdir -p "$OUTDIR"
for p in $PRIORS; do
  case $p in
    ring) SIMS=eht_crescent; SEED=101 ;;
    turbulent) SIMS=eht_turbulent_ring; SEED=102 ;;
    blobs) SIMS=eht_blobs_generic; SEED=103 ;;
    *) echo "unknown prior $p (ring, turbulent, blobs)" >&2; exit 2 ;;
  esac
  java -Xmx2g -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ScorePriorBench \
      "$OUTDIR/score-$p.oscp" 32 160 "$IMAGES" "$SIMS" "$EPOCHS" "$STEPS" 16 "$SEED" 8-16-32 \
      "$OUTDIR/score-$p.ckpt" "$OUTDIR/interim-$p.oscp" > "$OUTDIR/score-$p.log" 2>&1 &
done
wait
grep -h -E '^(RESULT|provenance)' "$OUTDIR"/score-*.log
