"""sbibm's c2st (scikit-learn MLPClassifier, 5-fold accuracy, z-scored with the reference's mean and std) on the CSV
files of bench/fmpe-sbi-recipe.sh: DIR PREFIX OBS SEED. For machines without Orrery's Java C2st."""
import sys

import numpy as np
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neural_network import MLPClassifier

d_ir, prefix, n_obs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
acc = []
for o in range(n_obs):
    p = np.loadtxt(f"{d_ir}/ref_{o}.csv", delimiter=",", ndmin=2)
    q = np.loadtxt(f"{d_ir}/{prefix}_{o}.csv", delimiter=",", ndmin=2)
    m, s = p.mean(0), p.std(0, ddof=1)
    data = np.concatenate([(p - m) / s, (q - m) / s])
    y = np.concatenate([np.zeros(len(p)), np.ones(len(q))])
    dim = p.shape[1]
    clf = MLPClassifier(activation="relu", hidden_layer_sizes=(10 * dim, 10 * dim), max_iter=10000, solver="adam",
                        random_state=seed + o)
    a = cross_val_score(clf, data, y, cv=KFold(5, shuffle=True, random_state=seed + o), scoring="accuracy").mean()
    acc.append(a)
    print(f"{prefix} obs {o + 1}: C2ST {a:.4f}", flush=True)
print(f"{prefix} mean C2ST {np.mean(acc):.3f} over {n_obs} observations", flush=True)
