"""sbibm's c2st (sbibm/metrics/c2st.py) verbatim in numpy, for comparison with the Java C2st.

Usage: c2st_sbibm.py CASE...  where each CASE is path:n_p:n_q:dim:seeds, path a raw little-endian
float64 file holding the n_p reference rows then the n_q rows, seeds a comma-separated list.
Prints one line per case and seed: "<case index> <seed> <accuracy>".
"""
import sys
import warnings

import numpy as np
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings("ignore")  # ConvergenceWarning


def c2st(X, Y, seed, n_folds=5):
    # z-score both with the first set's mean and unbiased std (torch.std)
    X_mean = np.mean(X, axis=0)
    X_std = np.std(X, axis=0, ddof=1)
    X = (X - X_mean) / X_std
    Y = (Y - X_mean) / X_std
    ndim = X.shape[1]
    clf = MLPClassifier(activation="relu", hidden_layer_sizes=(10 * ndim, 10 * ndim),
                        max_iter=10000, solver="adam", random_state=seed)
    data = np.concatenate((X, Y))
    target = np.concatenate((np.zeros((X.shape[0],)), np.ones((Y.shape[0],))))
    shuffle = KFold(n_splits=n_folds, shuffle=True, random_state=seed)
    scores = cross_val_score(clf, data, target, cv=shuffle, scoring="accuracy")
    return np.mean(scores)


for c, case in enumerate(sys.argv[1:]):
    path, n_p, n_q, dim, seeds = case.rsplit(":", 4)
    n_p, n_q, dim = int(n_p), int(n_q), int(dim)
    seeds = [int(s) for s in seeds.split(",")]
    data = np.fromfile(path, dtype="<f8").reshape(n_p + n_q, dim)
    for seed in seeds:
        print(c, seed, repr(float(c2st(data[:n_p], data[n_p:], seed))), flush=True)
