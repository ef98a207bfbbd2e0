"""A worker that takes the simulation index: x = [index, theta[0] + 0.1 N(0, 1)]."""
import numpy as np

import orrery_sim


def simulate(theta, rng, index):
    return np.array([float(index), theta[0] + 0.1 * rng.standard_normal()])


if __name__ == "__main__":
    orrery_sim.serve(simulate)
