"""A well-behaved worker: x = theta + 0.1 N(0, 1), optionally slowed down by argv[1] seconds."""
import sys
import time

import orrery_sim

DELAY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0


def simulate(theta, rng):
    if DELAY:
        time.sleep(DELAY)
    return theta + 0.1 * rng.standard_normal(2)


if __name__ == "__main__":
    orrery_sim.serve(simulate)
