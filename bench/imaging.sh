#!/usr/bin/env bash
# EHT 2017 M87 imaging under the classical image priors (issue 15): April 5 and 6, both bands.
# Prints one RESULT line per (file, prior): ring diameter median and 68 % interval, width, PA,
# asymmetry, reduced chi-squares of the posterior-mean image, HMC acceptance and wall time.
# Usage: bench/imaging.sh [SAMPLES=100] [PIXELS=64] [FOV=160] [PRIORS=gaussian,tsv,mem]
# DAYS / BANDS (env) choose the files (default: "095 096" and "lo hi"), e.g. to run the days in parallel.
# Needs: mvn install of posteriors/imaging (test classes) with -Dmaven.repo.local of your choice (M2).
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES=${1:-100}; PIXELS=${2:-64}; FOV=${3:-160}; PRIORS=${4:-gaussian,tsv,mem}
M2=${M2:-$HOME/.m2/repository}
DATA=${DATA:-../shared/data/eht2017}
mvn -B -q -Dmaven.repo.local="$M2" -pl posteriors/imaging test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/imaging-bench.cp -Dmdep.includeScope=test >/dev/null
CP=posteriors/imaging/target/test-classes:posteriors/imaging/target/classes:$(cat target/imaging-bench.cp 2>/dev/null || cat posteriors/imaging/target/imaging-bench.cp)
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
for day in ${DAYS:-095 096}; do
  for band in ${BANDS:-lo hi}; do
    f="$DATA/SR1_M87_2017_${day}_${band}_hops_netcal_StokesI.uvfits"
    java -Djava.awt.headless=true -cp "$CP" org.orrery.posteriors.imaging.bench.ImagingBench \
        "$f" "$OUT/${day}_${band}" "$SAMPLES" "$PIXELS" "$FOV" "$PRIORS" | grep -E '^(RESULT|TOTAL)'
  done
done
echo "outputs in $OUT"
