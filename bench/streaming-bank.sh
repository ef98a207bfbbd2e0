#!/usr/bin/env bash
# Streaming banks (issue 12): a campaign of N grf 64^3 float32 fields (N = 2000: a 2 GB bank) with
# -Xmx512m, then power_spectrum statistics over it (orrery stats) and training-style row access
# (one shuffled epoch in batches of 64, then an in-order pass) through the bank view, each in its own
# JVM with -Xmx512m. Prints wall time, bank size and heap figures from -Xlog:gc: the largest heap in
# use before a GC (garbage included: G1 lets it grow towards -Xmx before collecting) and the largest
# heap still live after a GC (what the step actually holds).
# Usage: bench/streaming-bank.sh [N] [workers]   (needs `mvn -o -B install -DskipTests` first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
W=${2:-2}
HEAP=${HEAP:-512m}
ORRERY=framework/cli/target/orrery/bin/orrery
[[ -x $ORRERY ]] || { echo "build the distribution first: mvn -o -B install -DskipTests"; exit 1; }
mvn -o -q -B ${MVN_ARGS:-} -pl framework/core test-compile
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

peak() { # from a unified GC log: "<largest heap in use before a GC>/<largest live heap after a GC>" in MB
  local before after
  before=$(grep -o '[0-9]*M->' "$1" | sed 's/M->//' | sort -n | tail -1)
  after=$(grep -o -- '->[0-9]*M' "$1" | sed 's/->//; s/M//' | sort -n | tail -1)
  echo "${before:-none}/${after:-none} (before/after GC)"
}

t0=$(date +%s.%N)
ORRERY_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$D/simulate-gc.log" \
  $ORRERY simulate --simulator grf --num "$N" --seed 1 --workers "$W" --out "$D/grf.h5" | tail -1
t1=$(date +%s.%N)
echo "RESULT simulate N=$N wall_s=$(echo "$t1 - $t0" | bc) bank_MB=$(( $(stat -c %s "$D/grf.h5") / 1000000 )) heap=$HEAP peak_heap_MB=$(peak "$D/simulate-gc.log")"
/usr/bin/python3 - "$D/grf.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], 'r') as f:
    d = f['delta']
    print('RESULT h5py', d.shape, d.dtype, 'chunks', d.chunks, 'format_version', f.attrs['format_version'])
PY

t0=$(date +%s.%N)
ORRERY_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$D/stats-gc.log" \
  $ORRERY stats --statistic power_spectrum --generated "$D/grf.h5" --reference "$D/grf.h5" --out "$D/stats" | tail -1
t1=$(date +%s.%N)
echo "RESULT stats power_spectrum members=$N (x2 inputs) wall_s=$(echo "$t1 - $t0" | bc) heap=$HEAP peak_heap_MB=$(peak "$D/stats-gc.log")"

java -Xmx$HEAP -Xlog:gc:file=$D/read-gc.log -cp "framework/core/target/test-classes:framework/cli/target/orrery/lib/*" \
  org.orrery.bank.BankReadBench "$D/grf.h5" delta
echo "RESULT read heap=$HEAP peak_heap_MB=$(peak "$D/read-gc.log")"
