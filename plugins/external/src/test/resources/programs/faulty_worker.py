"""A worker that misbehaves when theta[0] > 0.5, in the way argv[1] names."""
import os
import subprocess
import sys
import time

import numpy as np

import orrery_sim

FAULT = sys.argv[1]


def simulate(theta, rng):
    x = theta + 0.1 * rng.standard_normal(2)
    if theta[0] <= 0.5:
        return x
    if FAULT == "crash":
        sys.stderr.write("boom at a=%g\n" % theta[0])
        sys.stderr.flush()
        os._exit(3)
    if FAULT == "hang":
        # a grandchild too: the timeout must kill it with its parent
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(31.7)", __file__])
        time.sleep(31.7)
    if FAULT == "wrong-shape":
        return np.zeros(3)
    if FAULT == "raise":
        raise ValueError("a = %g is outside the tabulated range" % theta[0])
    if FAULT == "nan":
        return np.array([np.nan, 1.0])
    return x


if __name__ == "__main__":
    orrery_sim.serve(simulate)
