package org.orrery.posteriors.imaging.internal;

import java.nio.file.Files;
import java.util.Locale;

/**
 * The Monte Carlo scatter of SyntheticCrescentTest's recovery (issue 15): for each prior spec
 * ({@link Specs}), the recovery with HMC seeds 11, 12, … (or, with a fourth argument, with noise
 * seeds 101, 102, … at HMC seed 11): d₀, REx diameter and PA per seed, then their mean and sd and
 * the worst PA error. Args: SPECS SEEDS DRAWS [noise]. A main, not a test.
 */
public final class SeedScatter {
    public static void main(String[] args) throws Exception {
        var cov = SyntheticCrescentTest.april6Coverage(Files.createTempDirectory("s"));
        int seeds = Integer.parseInt(args[1]);
        int draws = Integer.parseInt(args[2]);
        boolean noise = args.length > 3;
        for (String spec : args[0].split(",")) {
            var prior = Specs.prior(spec, SyntheticCrescentTest.GRID);
            double s0 = 0, s1 = 0, s2 = 0, r1 = 0, r2 = 0;
            double worstPa = 0;
            for (int k = 1; k <= seeds; k++) {
                var data = SyntheticCrescentTest.synthetic(cov, false, noise ? 100 + k : 7);
                var r = SyntheticCrescentTest.recover(data, prior, noise ? 11 : 10 + k, draws);
                s0++; s1 += r.thinDiameter(); s2 += r.thinDiameter() * r.thinDiameter();
                r1 += r.rexDiameter(); r2 += r.rexDiameter() * r.rexDiameter();
                worstPa = Math.max(worstPa, SyntheticCrescentTest.angle(r.pa(), SyntheticCrescentTest.PA));
                System.out.printf(Locale.ROOT, "SEED %s %s seed %d draws %d: d0 %.2f rex %.2f pa %.1f%n", spec, noise ? "noise" : "hmc", k, draws, r.thinDiameter(), r.rexDiameter(), r.pa());
            }
            double m = s1 / s0, sd = Math.sqrt(Math.max(0, s2 / s0 - m * m) * s0 / (s0 - 1));
            double rm = r1 / s0, rsd = Math.sqrt(Math.max(0, r2 / s0 - rm * rm) * s0 / (s0 - 1));
            System.out.printf(Locale.ROOT, "SCATTER %s %s draws %d over %d seeds: d0 mean %.2f sd %.2f; REx mean %.2f sd %.2f; worst PA error %.0f%n", spec, noise ? "noise" : "hmc", draws, seeds, m, sd, rm, rsd, worstPa);
        }
    }
}
