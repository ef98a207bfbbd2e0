#!/usr/bin/env bash
# Field-level inference vs the power spectrum (issue 13): NPE with a cnn embedding on lpt density
# fields against NPE on log P(k) of the same fields (power_spectrum's estimator), same simulations,
# same held-out set: mean posterior std of (Omega_m, sigma_8) and SBC/TARP for both.
# Usage: bench/lpt-field-vs-pk.sh [grid=32] [train=2000] [heldout=100] [samples=200] [epochs=40] [seed=1]
#        [arms=cnn,pk] [threads=1] [cnnepochs=0] [patience=10]
# arms: cnn (plain cnn embedding), power (embedding_pool=power, embedding_input=global), hybrid (power plus
# embedding_power_bins: the field's own log P(k) shells appended), pk (flow on log P(k)). Each arm's seeds
# depend on its name only and the simulations on seed only, so arms run in separate processes (one JVM per
# arm uses more of a shared machine; DJL allows one gradient collector per JVM, so cnn arms cannot train
# on parallel threads of one JVM) fill one table. threads: simulation threads (same fields).
exec "$(dirname "$0")/maf-java.sh" org.orrery.posteriors.maf.bench.LptFieldVsPkBench "$@"
