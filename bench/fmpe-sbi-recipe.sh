#!/usr/bin/env bash
# sbi's FMPE recipe re-implemented in plain torch (bench/sbi_fmpe_recipe.py; sbi is not installed here) on the
# training set, observations and reference samples of bench/fmpe-accuracy.sh for the same task and seed, its
# C2ST computed by Orrery's sbibm-equivalent C2st with the same seeds: a reference for "fmpe matches sbi's FMPE".
# Usage: bench/fmpe-sbi-recipe.sh [task=two_moons] [size=10000] [obs=5] [samples=2000] [seed=1] [data=DIR]
#        (data=DIR keeps the exported data there and reuses it on the next run; TIME, BASELINE, SCHEDULE select
#        the ablations toward Orrery's fmpe described in bench/sbi_fmpe_recipe.py)
#        (MVN_ARGS="-Dmaven.repo.local=..."; PYTHON=/usr/bin/python3 with torch and numpy)
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A a=([task]=two_moons [size]=10000 [obs]=5 [samples]=2000 [seed]=1 [data]=)
for arg in "$@"; do k=${arg%%=*}; [[ -v a[$k] ]] || { echo "bad argument '$arg'; keys: ${!a[*]}" >&2; exit 2; }; a[$k]=${arg#*=}; done
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant test-compile
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B ${MVN_ARGS:-} -pl posteriors/interpolant dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
cp -r posteriors/interpolant/target/test-classes "$work/test-classes"
cp -r posteriors/interpolant/target/classes "$work/classes"
cp="$work/test-classes:$work/classes:$(cat "$work/cp")"
data=${a[data]:-$work/data}
if [[ ! -f "$data/box.csv" ]]; then
  java -cp "$cp" org.orrery.posteriors.interpolant.bench.SbiRecipeData export "$data" "${a[task]}" "${a[size]}" "${a[obs]}" "${a[samples]}" "${a[seed]}"
fi
OMP_NUM_THREADS=1 ${PYTHON:-/usr/bin/python3} bench/sbi_fmpe_recipe.py "$data" "${a[obs]}" "${a[samples]}" "${a[seed]}"
java -cp "$cp" org.orrery.posteriors.interpolant.bench.SbiRecipeData c2st "$data" "${a[obs]}" "${a[seed]}"
