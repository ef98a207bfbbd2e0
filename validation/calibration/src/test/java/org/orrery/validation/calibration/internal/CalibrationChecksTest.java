package org.orrery.validation.calibration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.Posterior;
import org.orrery.validation.Metric;
import org.orrery.validation.ValidationResult;
import org.orrery.validation.Validator;

/**
 * SBC, TARP and HPD coverage on gaussian_linear in 3-D (200 held-out pairs × 1000 draws, fixed
 * seeds): the exact posterior passes; the same posterior with its standard deviation scaled by 0.5
 * (over-confident) or 2 (under-confident) fails, and the direction metrics say which.
 */
class CalibrationChecksTest {

    private static final int DIM = 3;
    private static final SimulationSet HELD_OUT = GaussianLinear.heldOut(DIM, 200, rng(11));

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }

    private static double metric(ValidationResult r, String name) {
        return r.metrics().stream().filter(m -> m.name().equals(name)).mapToDouble(Metric::value).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + r.metrics()));
    }

    private static ValidationResult run(Validator v, double scale) {
        Posterior q = GaussianLinear.posterior(DIM, scale);
        ValidationResult r = v.validate(q, HELD_OUT, rng(42));
        System.out.println("scale " + scale + ": " + r.summary());
        assertEquals(v.id(), r.check());
        return r;
    }

    @Test
    void sbcPassesExactAndFlagsDispersion() {
        Validator sbc = new Sbc(200, 1000);
        ValidationResult exact = run(sbc, 1);
        assertTrue(exact.passed(), exact.summary());
        for (int j = 1; j <= DIM; j++) {
            assertTrue(metric(exact, "ks_pvalue_theta" + j) > Sbc.ALPHA);
            assertEquals(1, metric(exact, "rank_variance_ratio_theta" + j), 4 * Math.sqrt(0.8 / 200));
        }
        assertEquals(DIM, exact.series().size());
        ValidationResult narrow = run(sbc, 0.5);
        ValidationResult wide = run(sbc, 2);
        assertFalse(narrow.passed(), narrow.summary());
        assertFalse(wide.passed(), wide.summary());
        for (int j = 1; j <= DIM; j++) {
            assertTrue(metric(narrow, "rank_variance_ratio_theta" + j) > 1.3, narrow.metrics().toString());
            assertTrue(metric(wide, "rank_variance_ratio_theta" + j) < 0.7, wide.metrics().toString());
        }
    }

    @Test
    void sbcHistogramCountsEveryPairAndCarriesTheBinomialBand() {
        ValidationResult r = run(new Sbc(200, 1000), 1);
        var hist = r.series().get(0);
        assertEquals(Sbc.BINS, hist.x().length);
        assertEquals(200, java.util.Arrays.stream(hist.y()).sum(), 0);
        // Binomial(200, 1/20): mean 10, 99% interval about [3, 18].
        assertTrue(hist.lower()[0] >= 2 && hist.lower()[0] <= 4 && hist.upper()[0] >= 17 && hist.upper()[0] <= 19,
                hist.lower()[0] + " " + hist.upper()[0]);
    }

    @Test
    void sbcFlagsABiasedPosterior() {
        // Shifting q by one posterior std makes θ* sit high in the draws: mean rank above 1/2.
        ValidationResult r = new Sbc(200, 1000).validate(GaussianLinear.posterior(DIM, 1, -Math.sqrt(0.05)), HELD_OUT, rng(42));
        assertFalse(r.passed(), r.summary());
        assertTrue(metric(r, "rank_mean_theta1") > 0.6, r.metrics().toString());
    }

    @Test
    void tarpPassesExactAndFlagsDispersion() {
        Validator tarp = new Tarp(200, 1000);
        ValidationResult exact = run(tarp, 1);
        assertTrue(exact.passed(), exact.summary());
        double limit = Tarp.criticalDistance(200);
        // The asymptotic 99% KS limit is 1.628/√N.
        assertEquals(1.628 / Math.sqrt(200), limit, 0.004);
        assertTrue(metric(exact, "max_ecp_deviation") < limit);
        var curve = exact.series().get(0);
        assertEquals(0, curve.y()[0], 0);
        assertEquals(1, curve.y()[curve.y().length - 1], 0);
        for (int g = 0; g < curve.x().length; g++) {
            assertTrue(curve.lower()[g] <= curve.y()[g] + 1e-12 && curve.y()[g] <= curve.upper()[g] + 1e-12);
        }
        ValidationResult narrow = run(tarp, 0.5);
        ValidationResult wide = run(tarp, 2);
        assertFalse(narrow.passed(), narrow.summary());
        assertFalse(wide.passed(), wide.summary());
        assertTrue(metric(narrow, "max_ecp_deviation") > limit);
        assertTrue(metric(wide, "max_ecp_deviation") > limit);
        assertTrue(metric(narrow, "variance_ratio") > 1.2, narrow.metrics().toString());
        assertTrue(metric(wide, "variance_ratio") < 0.8, wide.metrics().toString());
        // ECP below the diagonal at high α when over-confident, above when under-confident.
        assertTrue(metric(narrow, "atc") < -1 && metric(wide, "atc") > 1);
    }

    /**
     * Regression for reference boxes spanned by all held-out θ* (the {@code tarp} package's choice): in
     * 10-D the exact posterior then had mean ATC +0.10 at 200 pairs and +1.34 at 20 pairs (se 0.03,
     * 4000 sets; 3.3% failures at the 1% level). Leave-one-out boxes: mean ATC 0.00 ± 0.03 at both.
     */
    @Test
    void tarpIsUnbiasedForTheExactPosteriorIn10D() {
        Posterior exact = GaussianLinear.posterior(10, 1);
        // 300 sets of 20 pairs, where a θ* on its own box face is most common: null ATC sd ≈ 1.8, se ≈ 0.1.
        double[] small = tarpOverHeldOutSets(exact, 300, 20);
        assertEquals(0, small[0], 0.35, "mean ATC over 300 sets of 20 pairs");
        assertTrue(small[1] <= 9, "failures over 300 sets at the 1% level (expected 3): " + small[1]);
        // 100 sets of the default 200 pairs: null ATC sd ≈ 0.55, se ≈ 0.055; P(Bin(100, 0.01) ≥ 5) = 0.3%.
        double[] full = tarpOverHeldOutSets(exact, 100, 200);
        assertEquals(0, full[0], 0.17, "mean ATC over 100 sets of 200 pairs");
        assertTrue(full[1] <= 4, "failures over 100 sets at the 1% level (expected 1): " + full[1]);
    }

    /** {mean ATC, number failed} over independent held-out sets, 200 draws per pair. */
    private static double[] tarpOverHeldOutSets(Posterior q, int sets, int pairs) {
        double atc = 0;
        int failed = 0;
        for (int k = 0; k < sets; k++) {
            SimulationSet heldOut = GaussianLinear.heldOut(10, pairs, rng(1000 + k));
            ValidationResult r = new Tarp(pairs, 200).validate(q, heldOut, rng(5000 + k));
            atc += metric(r, "atc");
            failed += r.passed() ? 0 : 1;
        }
        System.out.printf("TARP exact 10-D, %d sets × %d pairs: mean ATC %+.3f, %d failed%n", sets, pairs, atc / sets, failed);
        return new double[] {atc / sets, failed};
    }

    @Test
    void coveragePassesExactAndFlagsDispersion() {
        Validator coverage = new HpdCoverage(200, 1000);
        ValidationResult exact = run(coverage, 1);
        assertTrue(exact.passed(), exact.summary());
        assertEquals(0.5, metric(exact, "mean_hpd_level"), 3 * Math.sqrt(1.0 / (12 * 200)));
        ValidationResult narrow = run(coverage, 0.5);
        ValidationResult wide = run(coverage, 2);
        assertFalse(narrow.passed(), narrow.summary());
        assertFalse(wide.passed(), wide.summary());
        // Analytic: with σ_q = s·σ, |θ* − μ|²/σ_q² ~ χ²₃/s², so P(θ* in the 68% HPD region) = F_χ²₃(s²·q₀.₆₈).
        double q68 = new org.apache.commons.math3.distribution.ChiSquaredDistribution(null, DIM).inverseCumulativeProbability(0.68);
        var chi2 = new org.apache.commons.math3.distribution.ChiSquaredDistribution(null, DIM);
        double tol = 3 * Math.sqrt(0.25 / 200);
        assertEquals(0.68, metric(exact, "coverage_at_0.68"), tol);
        assertEquals(chi2.cumulativeProbability(0.25 * q68), metric(narrow, "coverage_at_0.68"), tol);
        assertEquals(chi2.cumulativeProbability(4 * q68), metric(wide, "coverage_at_0.68"), tol);
        assertTrue(metric(narrow, "mean_hpd_level") > 0.6);
        assertTrue(metric(wide, "mean_hpd_level") < 0.4);
    }

    @Test
    void jointC2stCannotTellTheExactPosteriorAndCatchesTheNarrowOne() {
        // 500 pairs keep it quick: under the null the classifier overfits for hundreds of epochs.
        Validator c2st = new JointC2st(500);
        SimulationSet heldOut = GaussianLinear.heldOut(2, 500, rng(5));
        ValidationResult exact = c2st.validate(GaussianLinear.posterior(2, 1), heldOut, rng(6));
        System.out.println("exact: " + exact.summary());
        assertTrue(exact.passed(), exact.summary());
        assertEquals(0.5, metric(exact, "accuracy"), 0.05);
        ValidationResult narrow = c2st.validate(GaussianLinear.posterior(2, 0.5), heldOut, rng(6));
        System.out.println("narrow: " + narrow.summary());
        assertFalse(narrow.passed(), narrow.summary());
    }

    @Test
    void configurationIsReadAndValidated() {
        assertEquals("sbc", new Sbc(Map.of()).id());
        ValidationResult r = new Sbc(Map.of("pairs", "50", "samples", 100)).validate(GaussianLinear.posterior(DIM, 1), HELD_OUT, rng(1));
        assertTrue(r.summary().contains("50 pairs × 100 draws"), r.summary());
        var e = assertThrows(IllegalArgumentException.class, () -> new Tarp(Map.of("pairs", "many")));
        assertTrue(e.getMessage().contains("pairs") && e.getMessage().contains("many"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new HpdCoverage(0, 10));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sbc(10, 10).validate(GaussianLinear.posterior(DIM, 1), GaussianLinear.heldOut(DIM, 5, rng(2)), rng(3)));
        assertTrue(e.getMessage().contains("got 5"), e.getMessage());
    }

    @Test
    void settingsAreDeclaredAndConfigureANewInstance() {
        var sbc = new Sbc(Map.of());
        assertEquals(java.util.List.of("pairs", "samples"), sbc.settings().stream().map(org.orrery.plugin.Setting::name).toList());
        assertEquals(200, sbc.settings().get(0).defaultValue());
        var values = org.orrery.plugin.SettingValues.resolve("sbc", sbc.settings(), Map.of("pairs", "50", "samples", "100"));
        ValidationResult r = sbc.configure(values).validate(GaussianLinear.posterior(DIM, 1), HELD_OUT, rng(1));
        assertTrue(r.summary().contains("50 pairs × 100 draws"), r.summary());
        var e = assertThrows(IllegalArgumentException.class,
                () -> org.orrery.plugin.SettingValues.resolve("c2st", new JointC2st(Map.of()).settings(), Map.of("samples", "5")));
        assertEquals("c2st has no setting samples; its settings are: pairs", e.getMessage());
    }
}
