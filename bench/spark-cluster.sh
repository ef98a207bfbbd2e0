#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, started from the distribution's own jars (no Spark
# download): a master, a worker, executors in their own JVMs. Runs a campaign on it and the same
# campaign on the local engine, then a drill in which the first attempt of one task halts its
# executor JVM (Runtime.halt, as a node lost mid-task): the worker starts a new executor, Spark
# reruns the task, and both banks must equal the local engine's. Prints timings and the verdicts.
# The commands are those of docs/spark.md ("standalone cluster from the distribution").
# Needs: the distribution built (mvn -DskipTests install). Usage: bench/spark-cluster.sh [num=4000]
set -euo pipefail
cd "$(dirname "$0")/.."
NUM=${1:-4000}
ORRERY_HOME=$(cd framework/cli/target/orrery && pwd)
TMP=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

# a Spark home whose jars/ are Orrery's class path: the worker builds executor command lines from it
SPARK_HOME="$TMP/spark-home"
mkdir -p "$SPARK_HOME/jars"
ln -s "$ORRERY_HOME"/lib/*.jar "$ORRERY_HOME"/lib/spark/*.jar "$SPARK_HOME/jars/"
export SPARK_HOME SPARK_SCALA_VERSION=2.12
OPENS=()
for pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done
HOST=127.0.0.1
java "${OPENS[@]}" -Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host "$HOST" --port 7077 --webui-port 18080 >"$TMP/master.log" 2>&1 &
pids+=($!)
await() { for _ in $(seq 240); do grep -q "$1" "$2" && return; sleep 0.5; done; echo "timed out: $2" >&2; cat "$2" >&2; exit 1; }
await "I have been elected leader" "$TMP/master.log"
java "${OPENS[@]}" -Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker "spark://$HOST:7077" \
  --host "$HOST" --cores 2 --memory 2g --work-dir "$TMP/work" --webui-port 18081 >"$TMP/worker.log" 2>&1 &
pids+=($!)
await "Successfully registered with master" "$TMP/worker.log"
echo "# $(date -Is) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); standalone master + 1 worker (2 cores) up"

now() { date +%s.%N; }
sim() {
  local name=$1; shift
  local t0 out
  t0=$(now)
  out=$("$ORRERY_HOME/bin/orrery" simulate --simulator two_moons --num "$NUM" --seed 5 --out "$TMP/$name.h5" "$@" \
    2>"$TMP/$name.err") || { echo "$name failed:"; cat "$TMP/$name.err"; exit 1; }
  printf '%-8s %s  (wall %.1f s)\n' "$name" "$out" "$(echo "$(now) - $t0" | bc -l)"
}
same() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
d = lambda f: {k: f[k][()] for k in f.keys() if isinstance(f[k], h5py.Dataset)}
A, B = d(a), d(b)
print("identical" if A.keys() == B.keys() and all(np.array_equal(A[k], B[k]) for k in A) else "DIFFERENT")
PY
}

sim local --workers 2
sim cluster --engine spark --master "spark://$HOST:7077"
echo "cluster bank vs local: $(same "$TMP/local.h5" "$TMP/cluster.h5")"

exited_before=$(grep -c "finished with state EXITED" "$TMP/worker.log" || true)
ORRERY_JAVA_OPTS="-Dspark.orrery.failFirstAttemptAtChunk=50 -Dspark.orrery.failMode=exit" \
  sim drill --engine spark --master "spark://$HOST:7077"
exited=$(( $(grep -c "finished with state EXITED" "$TMP/worker.log" || true) - exited_before ))
echo "executor JVMs lost during the drill: $exited ($(grep -o 'Command exited with code [0-9]*' "$TMP/worker.log" | sort | uniq -c | tr -s ' ' | paste -sd';'))"
grep -h "ExecutorLostFailure\|Lost executor\|Removed executor" "$TMP/drill.err" | head -3 || true
echo "drill bank vs local: $(same "$TMP/local.h5" "$TMP/drill.h5")"
