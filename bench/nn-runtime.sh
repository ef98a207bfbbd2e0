#!/usr/bin/env bash
# The tensor runtime choice for convolutional networks (issue 13): the same three reference networks,
# full float32 training step (forward, MSE, backward, Adam 1e-4), side by side in one run at 1 and 2
# threads, in
#   - Orrery's network library on libtorch 2.7.1 through DJL 0.36 (framework/nn, DjlBench),
#   - DL4J SameDiff 1.0.0-M2.1 (SameDiffBench; the oneDNN build when its jars are in the local
#     Maven repository, else the plain OpenBLAS build the project ships),
#   - Debian's PyTorch (bench/unet_torch.py), the peer.
# Networks: 2-D U-Net 64^2 batch 16 (32-64-128 channels, 2 residual GroupNorm/SiLU blocks per level,
# sinusoidal time embedding per block), the same U-Net 3-D on 32^3 batch 4, a 2-D CNN encoder
# 64^2 -> 32 summaries batch 128. Each figure is the fastest of all timed steps over all rounds
# (the machine is shared: fastest-of-N on every side); "CPU" is the least process CPU time of one
# step, a cross-check that contention inflates less. Ratios are runtime/torch at the same thread count.
# Usage: bench/nn-runtime.sh [rounds=2] [steps=3] [sd_steps=1] [sd=yes|no] [threads="1 2"] [nets=unet2d,unet3d,cnn]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=2; steps=3; sd_steps=1; sd=yes; threads="1 2"; nets=unet2d,unet3d,cnn
for a in "$@"; do eval "${a%%=*}=\"${a#*=}\""; done
py=/usr/bin/python3
$py -c 'import torch' || { echo "PyTorch is needed: apt-get install python3-torch" >&2; exit 1; }
repo=${MAVEN_REPO:-$HOME/.m2/repository}
mvnargs=(-o -q -B); [[ -n "${MAVEN_REPO:-}" ]] && mvnargs+=("-Dmaven.repo.local=$MAVEN_REPO")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn "${mvnargs[@]}" -pl framework/nn test-compile
mvn "${mvnargs[@]}" -pl framework/nn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
# run from a copy of the classes so that a rebuild during the (long) run cannot disturb it
cp -r framework/nn/target/classes "$work/classes"; cp -r framework/nn/target/test-classes "$work/test-classes"
cp="$work/test-classes:$work/classes:$(cat "$work/cp")"
# SameDiff on oneDNN if its jars are present (nd4j-native linux-x86_64-onednn + bytedeco dnnl)
sdcp=$cp; sdname="SameDiff (OpenBLAS build)"
onednn=$(ls "$repo"/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar 2>/dev/null || true)
dnnl=$(ls "$repo"/org/bytedeco/dnnl/*/dnnl-*-linux-x86_64.jar 2>/dev/null | head -1 || true)
dnnlapi=$(ls "$repo"/org/bytedeco/dnnl/*/dnnl-[0-9]*[0-9].jar 2>/dev/null | head -1 || true)
if [[ -n "$onednn" && -n "$dnnl" && -n "$dnnlapi" ]]; then
  sdcp=$(echo "$cp" | tr ':' '\n' | grep -v 'nd4j-native-1.0.0-M2.1-linux-x86_64.jar' | paste -sd:)
  sdcp="$sdcp:$onednn:$dnnl:$dnnlapi"; sdname="SameDiff (oneDNN build)"
fi
export DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.orrery/djl}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    echo "== round $r, $t thread(s): DJL"
    OMP_NUM_THREADS=$t java -Xmx4g -Dorrery.nn.threads="$t" -cp "$cp" org.orrery.nn.bench.DjlBench "$steps" "$nets" 2>&1 \
      | grep -vE ' (INFO|WARN) ' | tee -a "$work/djl-$t.txt"
    echo "== round $r, $t thread(s): torch"
    OMP_NUM_THREADS=$t $py bench/unet_torch.py --threads "$t" --steps "$steps" --nets "$nets" | tee -a "$work/torch-$t.txt"
    if [[ $sd == yes && $r == 1 ]]; then
      echo "== $t thread(s): $sdname ($sd_steps timed step(s) after 1 warm-up step; round 1 only)"
      OMP_NUM_THREADS=$t java -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=12G \
        -cp "$sdcp" org.orrery.nn.bench.SameDiffBench "$sd_steps" "$nets" 2>&1 \
        | grep -E '^(RESULT|SameDiff|unet|cnn|Exception|Caused)' | tee -a "$work/sd-$t.txt"
    fi
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
$py - "$work" "$threads" "$nets" "$sdname" <<'PY'
import sys, os
w, threads, nets, sdname = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(","), sys.argv[4]
def load(name):
    r = {}
    p = os.path.join(w, name)
    if not os.path.exists(p):
        return r
    for line in open(p):
        if line.startswith("RESULT "):
            _, k, v = line.split()
            r[k] = min(float(v), r.get(k, float("inf")))
    return r
label = {"unet2d": "2-D U-Net 64^2, batch 16", "unet3d": "3-D U-Net 32^3, batch 4", "cnn": "CNN encoder 64^2->32, b 128"}
for t in threads:
    j, p, s = load(f"djl-{t}.txt"), load(f"torch-{t}.txt"), load(f"sd-{t}.txt")
    print(f"\n{t} thread(s): fastest step, ms (least CPU ms); ratio = runtime / torch")
    head = f"{'network':30} {'torch':>17} | {'DJL/libtorch':>17} {'ratio':>6} | {sdname:>26} {'ratio':>6}"
    print(head); print("-" * len(head))
    for n in nets:
        def cell(d):
            k = f"{n}_ms"
            return f"{d[k]:8.1f} ({d.get(n + '_cpu_ms', float('nan')):6.0f})" if k in d else f"{'-':>17}"
        def ratio(d):
            return f"{d[n + '_ms'] / p[n + '_ms']:6.2f}" if n + "_ms" in d and n + "_ms" in p else f"{'-':>6}"
        print(f"{label[n]:30} {cell(p)} | {cell(j)} {ratio(j)} | {cell(s):>26} {ratio(s)}")
    if all(f"{n}_params" in j and f"{n}_params" in p for n in nets):
        print("parameters equal in DJL and torch: " + ", ".join(f"{n} {int(j[n + '_params'])}" + ("" if j[n + '_params'] == p[n + '_params'] else " (torch %d!)" % p[n + '_params']) for n in nets))
PY
