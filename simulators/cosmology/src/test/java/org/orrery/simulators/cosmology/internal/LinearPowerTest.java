package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EH98 transfer function and σ8-normalised P(k) against independent references. */
class LinearPowerTest {

    /**
     * CCL's benchmark cosmology "model1" (Ω_m = 0.3, Ω_b = 0.05, h = 0.7, σ8 = 0.8, n_s = 0.96,
     * T_CMB = 2.725 K) and its z = 0 linear P(k) in (Mpc/h)³ at k in h/Mpc, copied from
     * LSSTDESC/CCL benchmarks/data/model1_pk_eh.txt (EH98 with wiggles, 6 significant digits) and
     * model1_nowig_pk_eh.txt (no-wiggle form). Those files were generated with the independent
     * C code CosmoMAD (benchmarks/data/codes/ehpk_bm.py); CCL asserts its own EH to 1e-5 against them.
     */
    private static final Cosmology MODEL1 = new Cosmology(0.3, 0.8, 0.7, 0.05, 0.96);
    private static final double MODEL1_TCMB = 2.725;

    /** Transfer function and σ8 normalisation together; the wiggle file has 6 significant digits. */
    private static final double CCL_TOLERANCE = 2e-5;

    @ParameterizedTest(name = "wiggles: k = {0} h/Mpc")
    @CsvSource({
        "0.001, 3895.01", "0.01, 21948.4", "0.0199526, 23736.2", "0.0501187, 12106.2", "0.0630957, 10236.8",
        "0.1, 5448.59", "0.199526, 1884.71", "0.501187, 293.38", "1, 63.2412", "3.16228, 3.99686", "10, 0.211105"})
    void wigglePowerMatchesTheCclBenchmark(double k, double expected) {
        LinearPower p = new LinearPower(MODEL1, true, MODEL1_TCMB);
        assertEquals(expected, p.at(k), CCL_TOLERANCE * expected, "P(k) with wiggles at k = " + k);
    }

    @ParameterizedTest(name = "no wiggles: k = {0} h/Mpc")
    @CsvSource({
        "1.000000000000000021e-03, 3.872331892535939460e+03", "1.000000000000000021e-02, 2.217964098431700768e+04",
        "1.995262314968879874e-02, 2.381440928856386381e+04", "5.011872336272724798e-02, 1.269592331892837683e+04",
        "1.000000000000000056e-01, 5.638006897142429807e+03", "1.995262314968880846e-01, 1.841449505771730173e+03",
        "5.011872336272724660e-01, 2.910681209932793081e+02", "1.000000000000000000e+00, 6.194885113802808974e+01",
        "3.162277660168379523e+00, 3.881173185388950397e+00", "1.000000000000000000e+01, 2.049207774317469144e-01"})
    void noWigglePowerMatchesTheCclBenchmark(double k, double expected) {
        LinearPower p = new LinearPower(MODEL1, false, MODEL1_TCMB);
        assertEquals(expected, p.at(k), CCL_TOLERANCE * expected, "no-wiggle P(k) at k = " + k);
    }

    /** T(k) against the plain test transcription of the paper's equations in {@link Eh98Reference}. */
    @ParameterizedTest(name = "T(k) at Ω_m = {0}, h = {1}, wiggles = {2}")
    @CsvSource({"0.3175, 0.6711, true", "0.3175, 0.6711, false", "0.15, 0.5, true", "0.5, 0.8, false", "0.5, 0.8, true"})
    void transferMatchesTheReferenceTranscription(double om, double h, boolean wiggles) {
        Cosmology c = new Cosmology(om, 0.8, h, 0.049, 0.9624);
        EisensteinHu eh = new EisensteinHu(c, wiggles);
        Eh98Reference ref = new Eh98Reference(om, 0.049, h, 2.7255);
        for (double k = 1e-4; k < 50; k *= 1.37) {
            double expected = wiggles ? ref.full(k) : ref.noWiggle(k);
            assertEquals(expected, eh.transfer(k), 1e-12 * Math.abs(expected), "T(" + k + ")");
        }
    }

    @Test
    void transferTendsToOneOnLargeScalesAndWigglesAverageOut() {
        Cosmology c = new Cosmology(0.3175, 0.834, 0.6711, 0.049, 0.9624);
        EisensteinHu full = new EisensteinHu(c, true);
        EisensteinHu smooth = new EisensteinHu(c, false);
        assertEquals(1, full.transfer(1e-5), 1e-4);
        assertEquals(1, smooth.transfer(1e-5), 1e-4);
        // BAO: the full form oscillates about the no-wiggle one by a few per cent near k ~ 0.05–0.3 h/Mpc
        double maxDev = 0;
        for (double k = 0.02; k < 0.4; k += 0.001) {
            double r = full.transfer(k) / smooth.transfer(k);
            maxDev = Math.max(maxDev, Math.abs(r - 1));
        }
        assertTrue(maxDev > 0.01 && maxDev < 0.1, "BAO amplitude |T_w/T_nw − 1| max = " + maxDev);
        // eq. 26 approximates eq. 6 to about 2% (EH98 §4.2); s ≈ 150 Mpc for Planck-like parameters
        assertEquals(full.soundHorizon(), full.soundHorizonFit(), 0.02 * full.soundHorizon());
        assertTrue(full.soundHorizon() > 145 && full.soundHorizon() < 156, "s = " + full.soundHorizon());
    }

    /**
     * σ8 of the normalised spectrum by an independent quadrature (trapezoid on a fine log-k grid, not
     * the Commons Math integrator the normalisation uses) equals the requested σ8 to 1e-4.
     */
    @ParameterizedTest(name = "σ8 = {1} at Ω_m = {0}, wiggles = {2}")
    @CsvSource({"0.1, 0.6, true", "0.3, 0.8, true", "0.5, 1.0, true", "0.3, 0.8, false", "0.2, 0.7, false"})
    void topHatSigma8EqualsTheRequestedValue(double om, double s8, boolean wiggles) {
        LinearPower p = new LinearPower(new Cosmology(om, s8, 0.6711, 0.049, 0.9624), wiggles);
        double lo = Math.log(1e-7);
        double hi = Math.log(1e4);
        int n = 400_000;
        double h = (hi - lo) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double k = Math.exp(lo + i * h);
            double x = 8 * k;
            double w = x < 1e-3 ? 1 - x * x / 10 : 3 * (Math.sin(x) - x * Math.cos(x)) / (x * x * x);
            double f = k * k * k * p.at(k) * w * w;
            sum += (i == 0 || i == n) ? f / 2 : f;
        }
        double sigma8 = Math.sqrt(sum * h / (2 * Math.PI * Math.PI));
        assertEquals(s8, sigma8, 1e-4 * s8);
        assertEquals(s8, p.sigma(8), 1e-10 * s8);
    }

    @Test
    void rejectsUnphysicalCosmologies() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Cosmology(-0.1, 0.8, 0.7, 0.05, 0.96));
        assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Cosmology(0.04, 0.8, 0.7, 0.05, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new Cosmology(0.3, 0, 0.7, 0.05, 0.96));
        assertThrows(IllegalArgumentException.class, () -> new EisensteinHu(MODEL1, true).transfer(-1));
    }
}
