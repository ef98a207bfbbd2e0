"""The benchmark simulator: a cheap numpy function, served as a worker, run per call, or timed in a plain loop.

    bench_sim.py            serve as a worker (orrery_sim)
    bench_sim.py call       one per-call simulation from $ORRERY_THETA / $ORRERY_SEED, writes x.npy
    bench_sim.py loop N     time N calls in a plain Python loop; prints two figures in µs
"""
import os
import sys
import time

import numpy as np

import orrery_sim


def simulate(theta, rng):
    return theta + 0.1 * rng.standard_normal(theta.shape)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "loop":
        n = int(sys.argv[2])
        theta = np.array([0.3, 0.6])
        for _ in range(2):  # warm
            t0 = time.perf_counter()
            for i in range(n):
                simulate(theta, np.random.default_rng(12345678901234567 + i))
            fresh = (time.perf_counter() - t0) / n
            rng = np.random.default_rng(1)
            t0 = time.perf_counter()
            for i in range(n):
                simulate(theta, rng)
            shared = (time.perf_counter() - t0) / n
        print("python_loop_fresh_rng_us %.2f" % (fresh * 1e6))
        print("python_loop_shared_rng_us %.2f" % (shared * 1e6))
    elif len(sys.argv) > 1 and sys.argv[1] == "call":
        theta = np.array([float(t) for t in os.environ["ORRERY_THETA"].split()])
        x = simulate(theta, np.random.default_rng(int(os.environ["ORRERY_SEED"])))
        np.save(os.path.join(os.environ["ORRERY_OUTPUT_DIR"], "x.npy"), x)
    else:
        orrery_sim.serve(simulate)
