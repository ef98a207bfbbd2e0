#!/usr/bin/env bash
# EHT 2017 M87 imaging under the three shipped score priors (issue 15).
# 1. Real data: `orrery image` itself on each UVFITS file (April 5/6, lo/hi), all three priors in one run (so each
#    run also writes the side-by-side gallery): closures + 10 % flux, 2 % systematic, 32 x 32 over 160 uas, the
#    learned-prior sampler ProximalDiffusion as ImageJob sets it. One RESULT line per (file, prior) from the run's
#    priors.csv, and the run's wall time.
# 2. The synthetic asymmetric crescent (d = 44 uas, PA = 230 deg) on the real April 6 lo coverage and sigma, and its
#    complex conjugate (the 180 deg flip), under score_ring and score_blobs through the same sampler
#    (ImageJob.sample), over NOISE thermal-noise seeds and SEEDS sampler seeds: SCAN lines.
# The priors themselves are reproduced by bench/train-score-priors.sh.
# Usage: bench/imaging-score-prior.sh [SAMPLES=32] [FILES="095_lo 095_hi 096_lo 096_hi"] [PRIORS=score_ring,score_turbulent,score_blobs]
# Env: M2 (maven repo), DATA (../shared/data/eht2017), RUN_OUT (outputs; default a temp dir), JOBS (runs at a
# time; default 2), NOISE (thermal-noise seeds of the synthetic runs; default "7 8 9"; empty: none), SEEDS
# (sampler seeds of the synthetic runs; default "1,2"), SYNTH_DRAWS (default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-32}; FILES=${2:-"095_lo 095_hi 096_lo 096_hi"}; PRIORS=${3:-score_ring,score_turbulent,score_blobs}
M2=${M2:-$HOME/.m2/repository}
DATA=$(cd "${DATA:-../shared/data/eht2017}" && pwd)
JOBS=${JOBS:-2}
NOISE=${NOISE-"7 8 9"}; SEEDS=${SEEDS:-1,2}; SYNTH_DRAWS=${SYNTH_DRAWS:-16}
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
export ORRERY_NN_THREADS=${ORRERY_NN_THREADS:-1} OMP_NUM_THREADS=${ORRERY_NN_THREADS:-1}
mvn -B -q -o -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat posteriors/imaging/target/imaging-bench.cp)
RUN=${RUN_OUT:-$(mktemp -d)}; mkdir -p "$RUN"; RUN=$(cd "$RUN" && pwd)
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 2; done; }
for f in $FILES; do
  throttle
  ( start=$(date +%s)
    ./orrery image --observation "$DATA/SR1_M87_2017_${f}_hops_netcal_StokesI.uvfits" --prior "$PRIORS" --pixels 32 --fov-uas 160 \
        --num-samples "$SAMPLES" --seed 1 --out "$RUN/$f" > "$RUN/$f.log" 2>&1
    echo "WALL $f $(( $(date +%s) - start )) s" >> "$RUN/$f.log" ) &
done
if [ -n "$NOISE" ]; then
  synth=""
  for n in $NOISE; do synth="$synth,synthetic:$n"; done
  synth="${synth#,},synthetic-conj:${NOISE%% *}"
  P=posteriors/imaging/src/main/resources/score-priors
  throttle
  # ScoreImagingScan LEVELS PROX LAMBDA CHAINS SEEDS PRIORS DATA; -Djob=true: ImageJob.sample (the first three unused)
  java -Xmx1g -Djob=true -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.internal.ScoreImagingScan \
      1 1 1 "$SYNTH_DRAWS" "$SEEDS" "$PWD/$P/ring.oscp,$PWD/$P/blobs.oscp" "$synth" > "$RUN/synthetic.log" 2>&1 &
fi
wait
for f in $FILES; do
  [ -f "$RUN/$f/priors.csv" ] || { echo "no result for $f: see $RUN/$f.log" >&2; continue; }
  tail -n +2 "$RUN/$f/priors.csv" | sed "s/^/RESULT $f /"
  grep -h '^WALL' "$RUN/$f.log"
done
[ -f "$RUN/synthetic.log" ] && grep -h '^SCAN .*seed=' "$RUN/synthetic.log"
echo "outputs in $RUN"
