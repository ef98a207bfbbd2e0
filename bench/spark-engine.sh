#!/usr/bin/env bash
# The Spark engine against the local engine, both through the distribution's launcher on this
# machine: start-up cost (a 2-simulation campaign, wall time of the whole command, median of REPS)
# and throughput of a 10 ms simulator (an external Python worker that sleeps 10 ms, then draws
# theta + noise) on 2 lanes vs Spark local[2]; the engine's overhead per simulation is the
# campaign time beyond the start-up campaign's, x 2 lanes / (N - 2), less the 10 ms. Also a cheap simulator (two_moons, 0.1 us) at N_CHEAP, where
# the campaign time is all engine. Banks of both engines are compared (they must be identical).
# Needs: the distribution built (ORRERY_REBUILD=1 ./orrery plugins, or mvn install) and
# /usr/bin/python3 with numpy. Usage: bench/spark-engine.sh [N=2000] [N_CHEAP=200000] [REPS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
N_CHEAP=${2:-200000}
REPS=${3:-3}
DIST=framework/cli/target/orrery
ORRERY="$DIST/bin/orrery"
[[ -x "$ORRERY" ]] || { echo "build the distribution first (mvn -DskipTests install)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/plugins"
cat > "$TMP/plugins/sleep_sim.py" <<'PY'
import time
import orrery_sim

def simulate(theta, rng):
    time.sleep(0.010)
    return theta + 0.1 * rng.standard_normal(theta.shape)

if __name__ == "__main__":
    orrery_sim.serve(simulate)
PY
cat > "$TMP/plugins/sleep10.simulator.yaml" <<YAML
id: sleep10
version: 1.0.0
parameters:
  - {name: a, prior: 'uniform(0, 1)'}
  - {name: b, prior: 'uniform(0, 1)'}
outputs:
  - {name: x, shape: [2]}
command: [/usr/bin/python3, '$TMP/plugins/sleep_sim.py']
environment: {PYTHONPATH: '$(cd "$DIST/python" && pwd)'}
timeout: 20
mode: worker
YAML

now() { date +%s.%N; }
# run NAME ARGS...: prints "<wall s> <campaign s>" (campaign time from the summary line)
run() {
  local name=$1; shift
  local t0 t1 out
  t0=$(now)
  out=$("$ORRERY" simulate --plugins "$TMP/plugins" --out "$TMP/$name.h5" "$@" 2>"$TMP/$name.err") \
    || { cat "$TMP/$name.err" >&2; exit 1; }
  t1=$(now)
  grep -q ", 0 failed of" <<<"$out" || { echo "campaign $name had failures: $out" >&2; exit 1; }
  local camp
  camp=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' <<<"$out" | head -1)
  echo "$(echo "$t1 - $t0" | bc -l) $camp"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
same() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
d = lambda f: {k: f[k][()] for k in f.keys() if isinstance(f[k], h5py.Dataset)}
A, B = d(a), d(b)
print("identical" if A.keys() == B.keys() and all(np.array_equal(A[k], B[k]) for k in A) else "DIFFERENT")
PY
}

echo "# $(date -Is) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
LOCAL=(--workers 2)
SPARK=(--engine spark --master 'local[2]')

echo "## start-up: 2 simulations of sleep10 (median of $REPS): wall of the whole command (JVM, host, Spark"
echo "## context), and the campaign alone (for Spark: tasks, the executor's plugin host, the Python workers)"
declare -A START
for engine in local spark; do
  ws=() cs=()
  for r in $(seq "$REPS"); do
    if [[ $engine == local ]]; then res=$(run "start-$engine-$r" --simulator sleep10 --num 2 --seed 1 "${LOCAL[@]}")
    else res=$(run "start-$engine-$r" --simulator sleep10 --num 2 --seed 1 "${SPARK[@]}"); fi
    ws+=("${res% *}") cs+=("${res#* }")
  done
  START[$engine]=$(printf '%s\n' "${cs[@]}" | median)
  printf '%-6s wall %6.2f s   campaign %6.2f s\n' "$engine" "$(printf '%s\n' "${ws[@]}" | median)" "${START[$engine]}"
done

echo "## throughput: $N simulations of a 10 ms simulator on 2 lanes; overhead per simulation beyond the"
echo "## start-up campaign: (campaign(N) - campaign(2)) x 2 lanes / (N - 2) - 10 ms"
for engine in local spark; do
  if [[ $engine == local ]]; then res=$(run "tp-$engine" --simulator sleep10 --num "$N" --seed 7 "${LOCAL[@]}")
  else res=$(run "tp-$engine" --simulator sleep10 --num "$N" --seed 7 "${SPARK[@]}"); fi
  wall=${res% *} camp=${res#* }
  printf '%-6s campaign %7.2f s  %7.1f sims/s  overhead %7.3f ms/sim   wall %7.2f s\n' \
    "$engine" "$camp" "$(echo "$N / $camp" | bc -l)" \
    "$(echo "(($camp - ${START[$engine]}) * 2 / ($N - 2) - 0.010) * 1000" | bc -l)" "$wall"
done
echo "banks: $(same "$TMP/tp-local.h5" "$TMP/tp-spark.h5")"

echo "## engine cost alone: $N_CHEAP simulations of two_moons (~0.1 us each)"
for engine in local spark; do
  if [[ $engine == local ]]; then res=$(run "cheap-$engine" --simulator two_moons --num "$N_CHEAP" --seed 7 "${LOCAL[@]}")
  else res=$(run "cheap-$engine" --simulator two_moons --num "$N_CHEAP" --seed 7 "${SPARK[@]}"); fi
  wall=${res% *} camp=${res#* }
  printf '%-6s campaign %7.2f s  %9.0f sims/s  %7.2f us/sim x 2 lanes   wall %7.2f s\n' \
    "$engine" "$camp" "$(echo "$N_CHEAP / $camp" | bc -l)" "$(echo "$camp * 2 / $N_CHEAP * 1000000" | bc -l)" "$wall"
done
echo "banks: $(same "$TMP/cheap-local.h5" "$TMP/cheap-spark.h5")"
