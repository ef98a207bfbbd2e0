#!/usr/bin/env bash
# Field-level inference vs the power spectrum (issue 13): NPE with a cnn embedding on lpt density
# fields against NPE on log P(k) of the same fields (power_spectrum's estimator), same simulations,
# same held-out set: mean posterior std of (Omega_m, sigma_8) and SBC/TARP for both.
# Usage: bench/lpt-field-vs-pk.sh [grid=32] [train=2000] [heldout=100] [samples=200] [epochs=40] [seed=1]
exec "$(dirname "$0")/maf-java.sh" org.orrery.posteriors.maf.bench.LptFieldVsPkBench "$@"
