#!/usr/bin/env bash
# Training on a bank larger than the heap (issue 13 item 4): N grf 3-D 32^3 float32 fields, then
# `orrery train --estimator maf --set embedding=cnn` for one epoch with -Xmx$HEAP, minibatches read
# from the bank view (nothing holds all fields), with embedding_augment on and a checkpoint after the
# epoch. Control: the same bank without an embedding (the flat path materialises x as doubles) in the
# same heap, which must fail for lack of memory. Heap figures from -Xlog:gc: the largest heap in use
# before a GC and the largest live heap after a GC.
# Usage: bench/nn-stream-heap.sh [N=6000] [HEAP=256m]   (needs `mvn -o -B install -DskipTests` first)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-6000}
HEAP=${2:-256m}
ORRERY=${ORRERY:-framework/cli/target/orrery/bin/orrery}  # a copy keeps a rebuild from hot-redeploying plugins under a long run
[[ -x $ORRERY ]] || { echo "build the distribution first: mvn -o -B install -DskipTests"; exit 1; }
D=${WORKDIR:-$(mktemp -d)}
trap 'rm -rf "$D"' EXIT
peak() {
  local before after
  before=$(grep -o '[0-9]*M->' "$1" | sed 's/M->//' | sort -n | tail -1)
  after=$(grep -o -- '->[0-9]*M' "$1" | sed 's/->//; s/M//' | sort -n | tail -1)
  echo "${before:-none}/${after:-none} (before/after GC)"
}
t0=$(date +%s.%N)
ORRERY_JAVA_OPTS="-Xmx1g" $ORRERY simulate --simulator grf --set grid=32 --set dims=3 --num "$N" --seed 1 --workers 2 \
  --out "$D/grf.h5" | tail -1
t1=$(date +%s.%N)
echo "RESULT simulate N=$N grid=32^3 wall_s=$(echo "$t1 - $t0" | bc) bank_MB=$(( $(stat -c %s "$D/grf.h5") / 1000000 ))"
t0=$(date +%s.%N)
ORRERY_JAVA_OPTS="-Xmx$HEAP -Xlog:gc:file=$D/train-gc.log" OMP_NUM_THREADS=1 \
  $ORRERY train --estimator maf --bank "$D/grf.h5" --out "$D/cnn.orrery" --seed 1 --checkpoint-every 0 \
  --set embedding=cnn --set embedding_channels=4,8 --set embedding_summaries=8 --set embedding_augment=true \
  --set max_epochs=1 --set batch_size=64 --set transforms=3 --set hidden=32 | tail -2
t1=$(date +%s.%N)
echo "RESULT train cnn N=$N wall_s=$(echo "$t1 - $t0" | bc) heap=$HEAP peak_heap_MB=$(peak "$D/train-gc.log") posterior_kB=$(( $(stat -c %s "$D/cnn.orrery") / 1000 ))"
t0=$(date +%s.%N)
set +e
ORRERY_JAVA_OPTS="-Xmx$HEAP" $ORRERY train --estimator maf --bank "$D/grf.h5" --out "$D/flat.orrery" --seed 1 \
  --set max_epochs=1 > "$D/flat.log" 2>&1
rc=$?
set -e
t1=$(date +%s.%N)
echo "RESULT control: flat maf (no embedding) in the same heap: exit $rc after $(echo "$t1 - $t0" | bc) s: $(grep -m1 -io 'outofmemory[^ ]*\|java heap space\|[^ ]*memory[^.]*' "$D/flat.log" | head -1)"
