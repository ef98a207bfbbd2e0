#!/usr/bin/env bash
# Clustering statistics: Java (validation/clustering) vs numpy/scipy on the same data in one run.
# Data (fixed seed, written once by Java as little-endian float64): 10^6 uniform points and 10^6
# spatially sorted queries in L = 1000 Mpc/h, and a 256^3 white-noise grid.
#   pair counts: 20 log bins 0.1-20 Mpc/h, periodic   vs cKDTree.count_neighbors (single-threaded)
#   kNN:        k = 1, 2, 4, 8, periodic, incl. build  vs cKDTree(boxsize=L) + query(workers=2 and 1)
#   P(k):       256^3 grid, FFT + shell binning        vs numpy rfftn + bincount (single-threaded)
# Java numbers are the best of 2-3 repeats in one JVM (after warm-up by the first repeat).
set -euo pipefail
cd "$(dirname "$0")/.."
MOD=validation/clustering
/usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null || { echo "needs python3-numpy python3-scipy (apt-get install -y python3-scipy python3-numpy)"; exit 1; }
mvn -o -q -B -f $MOD/pom.xml test-compile
mvn -o -q -B -f $MOD/pom.xml dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP="$MOD/target/test-classes:$MOD/target/classes:$(cat $MOD/target/cp.txt)"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
java -Xmx4g -cp "$CP" org.orrery.validation.clustering.internal.ClusteringBench "$DATA"
/usr/bin/python3 - "$DATA" <<'PY'
import sys, time, numpy as np
from scipy.spatial import cKDTree
d = sys.argv[1]
L, N, G = 1000.0, 1_000_000, 256
java = dict(l.strip().split("=", 1) for l in open(f"{d}/java.txt"))
pos = np.fromfile(f"{d}/pos.f64", dtype="<f8").reshape(-1, 3)
qry = np.fromfile(f"{d}/queries.f64", dtype="<f8").reshape(-1, 3)
grid = np.fromfile(f"{d}/grid.f64", dtype="<f8").reshape(G, G, G)
edges = 0.1 * (20 / 0.1) ** (np.arange(21) / 20); edges[-1] = 20.0

def best(f, n):
    t = []
    for _ in range(n):
        t0 = time.perf_counter(); r = f(); t.append(time.perf_counter() - t0)
    return min(t), r

# pair counts (tree build included, as in Java)
def pairs():
    t = cKDTree(pos, boxsize=L)
    return t.count_neighbors(t, edges)
tp, cum = best(pairs, 1)
py_counts = np.diff(cum) // 2            # ordered pairs with d <= r -> unordered pairs per bin
jc = np.array([int(x) for x in java["pair_counts"].split(",")])
print(f"pair counts   python {tp:8.3f} s | java 2 thr {float(java['pairs_t2']):7.3f} s ({tp/float(java['pairs_t2']):5.1f}x faster)"
      f" | java 1 thr {float(java['pairs_t1']):7.3f} s ({tp/float(java['pairs_t1']):5.1f}x faster)"
      f" | counts identical: {np.array_equal(py_counts, jc)} (total {jc.sum()})")

for workers in (2, 1):
    def knn():
        t = cKDTree(pos, boxsize=L)
        return t.query(qry, k=[1, 2, 4, 8], workers=workers)
    tk, (dist, _) = best(knn, 1)
    jt = float(java[f"knn_t{workers}"])
    print(f"kNN k=1,2,4,8 python {tk:8.3f} s ({workers} workers) | java {workers} thr {jt:7.3f} s (ratio java/python {jt/tk:5.2f})"
          f" | mean d8 python {dist[:,3].mean():.9f} java {float(java['knn_mean_d8']):.9f}")

def pk():
    dk = np.fft.rfftn(grid) / grid.size
    p = (dk.real**2 + dk.imag**2) * L**3
    m = np.fft.fftfreq(G, 1.0 / G); mz = np.arange(G // 2 + 1)
    k2 = m[:, None, None]**2 + m[None, :, None]**2 + mz[None, None, :]**2
    w = np.where((mz == 0) | (mz == G // 2), 1.0, 2.0)[None, None, :] * np.ones_like(p)
    b = np.floor(np.sqrt(k2)).astype(np.int64).ravel()
    W = np.bincount(b, w.ravel()); P = np.bincount(b, (w * p).ravel())
    return P[1:] / W[1:], W[1:]
tk, (P, W) = best(pk, 2)
jp, jm = java["pk_bin10"].split(",")
print(f"P(k) 256^3    python {tk:8.3f} s | java 2 thr {float(java['pk_t2']):7.3f} s (ratio java/python {float(java['pk_t2'])/tk:5.2f})"
      f" | java 1 thr {float(java['pk_t1']):7.3f} s (ratio {float(java['pk_t1'])/tk:5.2f})"
      f" | bin 10: python {P[9]:.9g} ({W[9]:.0f} modes) java {float(jp):.9g} ({jm} modes)")
PY
