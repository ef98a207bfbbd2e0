#!/usr/bin/env bash
# C2ST accuracy of the MAF estimator on sbibm tasks against their reference posteriors (issue 4).
# Usage: bench/maf-accuracy.sh [estimator=maf|nsf] [tasks=two_moons,gaussian_linear,slcp] [sizes=1000,10000] [obs=10]
#          [samples=10000] [seed=1] [config=hidden:100,...] [floor=true|false]
# Quick run:  bench/maf-accuracy.sh tasks=two_moons sizes=1000 obs=2 samples=2000
# The full default run trains 6 flows and runs 63 C2STs: tens of minutes on 2 cores.
exec "$(dirname "$0")/maf-java.sh" org.orrery.posteriors.maf.bench.MafAccuracyBench "$@"
