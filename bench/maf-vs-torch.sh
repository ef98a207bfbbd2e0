#!/usr/bin/env bash
# Orrery's fused MAF beside a PyTorch twin of the same architecture on the same two_moons 10^4 data
# (issue 4 speed benchmark). Java trains single-threaded in float64 and samples/evaluates with 1 and
# 2 threads; PyTorch runs float32 (sbi's dtype) with 1 and 2 threads, and float64 with 1 thread.
# Prints Java/PyTorch ratios per thread count (never Java 2 threads against torch 1 thread).
# Usage: bench/maf-vs-torch.sh [quick]     (quick skips the training-to-early-stop runs)
# Needs Debian's python3-torch (/usr/bin/python3 -c 'import torch').
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
$py -c 'import torch, numpy' || { echo "PyTorch and numpy are needed: apt-get install python3-torch" >&2; exit 1; }
conv=()
[[ "${1:-}" == quick ]] && conv=(--no-converge)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -o -q -B -pl posteriors/maf test-compile
mvn -o -q -B -pl posteriors/maf dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
echo "== Java (Orrery fused MAF)"
java -Xmx2g -cp "posteriors/maf/target/test-classes:posteriors/maf/target/classes:$(cat "$work/cp")" \
  org.orrery.posteriors.maf.bench.MafVsTorchBench "$work/two_moons.f64" "${conv[@]}" | tee "$work/java.txt"
for run in "float32 1" "float32 2" "float64 1"; do
  set -- $run
  echo "== PyTorch $1, $2 thread(s)"
  $py bench/maf_torch.py "$work/two_moons.f64" 10000 2 2 --dtype "$1" --threads "$2" "${conv[@]}" | tee "$work/torch-$1-$2.txt"
done
$py - "$work" <<'PY'
import sys, os
w = sys.argv[1]
def load(name):
    r = {}
    for line in open(os.path.join(w, name)):
        if line.startswith("RESULT "):
            _, k, v = line.split()
            r[k] = float(v)
    return r
java = load("java.txt")
t1, t2, t64 = load("torch-float32-1.txt"), load("torch-float32-2.txt"), load("torch-float64-1.txt")
# Java's 2-thread figures carry a _2t suffix; training is single-threaded in Java
java2 = {k[:-3]: v for k, v in java.items() if k.endswith("_2t")}
rows = [("training step, batch 200 (ms)", "step_ms_b200"), ("training step, batch 512 (ms)", "step_ms_b512"),
        ("epoch incl. validation (ms)", "epoch_ms"), ("train to early stop (s)", "converge_s"),
        ("epochs to early stop", "epochs"), ("best epoch", "best_epoch"), ("best validation -log q", "best_val_nll"),
        ("sample 10 000 (s)", "sample_s"), ("log-prob 10 000 θ (s)", "logprob_s")]
noratio = ("best_val_nll", "epochs", "best_epoch")

def table(title, jname, j, cols):
    head = f"{title:32} {jname:>11}" + "".join(f" | {n:>12} {'Java/torch':>10}" for n, _ in cols)
    print(); print(head); print("-" * len(head))
    for label, key in rows:
        if key not in j:
            continue
        line = f"{label:32} {j[key]:11.4g}"
        for _, t in cols:
            if key in t:
                ratio = j[key] / t[key] if t[key] and key not in noratio else float("nan")
                line += f" | {t[key]:12.4g} {ratio:10.2f}"
            else:
                line += f" | {'-':>12} {'-':>10}"
        print(line)
    if "logprob_s" in j:
        print(f"{'log-prob throughput (θ/s)':32} {10000 / j['logprob_s']:11.4g}"
              + "".join(f" | {10000 / t['logprob_s']:12.4g} {'':10}" for _, t in cols))

table("two_moons 10^4, 1 thread", "Java f64 1t", java, [("torch f32 1t", t1), ("torch f64 1t", t64)])
table("two_moons 10^4, 2 threads", "Java f64 2t", java2, [("torch f32 2t", {k: t2[k] for k in ("sample_s", "logprob_s") if k in t2})])
print("\nRatios < 1: Java faster; each ratio compares the same thread count. Java trains on 1 thread only"
      f" (torch f32 2t training step, batch 200: {t2.get('step_ms_b200', float('nan')):.4g} ms).")
print("Issue-4 targets: training step <= 1.0x PyTorch, sampling <= 0.5x.")
print("Epoch counts differ because the two runs draw different initial weights and batch orders.")
PY
