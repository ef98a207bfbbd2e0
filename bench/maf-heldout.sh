#!/usr/bin/env bash
# Cheap accuracy proxy for screening MAF options: mean held-out −log q(θ|x) on fresh simulator pairs
# (lower is better), and for slcp per-observation diagnostics (importance-sampling ESS against the
# exact likelihood, flow vs reference spreads).
# Usage: bench/maf-heldout.sh [estimator=maf|nsf] [task=slcp] [size=10000] [tests=5000] [seed=1] [rep=0]
#          [config=learning_rate:1e-3,...] [obs=10]
# One run trains one flow (about 1-2 min for slcp 10^4 on 2 cores); the test pairs are the same for every config.
exec "$(dirname "$0")/maf-java.sh" org.orrery.posteriors.maf.bench.MafHeldOutBench "$@"
