package org.orrery.priors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class PriorTextTest {

    static UniformRandomProvider rng() {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    }

    /** Sample mean and variance of the first coordinate against analytic values (tolerance 4 standard errors). */
    static void moments(String text, double mean, double var) {
        var p = PriorText.parse(text, PriorContractsTest.SPACE);
        int n = 200_000;
        double[] x = new double[n];
        UniformRandomProvider r = rng();
        for (int i = 0; i < n; i++) {
            x[i] = p.sample(r)[0];
        }
        double m = Arrays.stream(x).average().orElseThrow();
        double v = Arrays.stream(x).map(a -> (a - m) * (a - m)).sum() / (n - 1);
        assertEquals(mean, m, 4 * Math.sqrt(var / n), text + " mean");
        assertEquals(var, v, 0.02 * var, text + " variance");
    }

    @Test
    void samplesHaveTheAnalyticMoments() {
        moments("uniform(0.1, 0.5)", 0.3, 0.4 * 0.4 / 12);
        moments("normal(0.8, 0.05)", 0.8, 0.0025);
        // lognormal(mu, s): mean exp(mu + s²/2), variance (exp(s²) − 1) exp(2mu + s²)
        moments("lognormal(0, 0.5)", Math.exp(0.125), (Math.exp(0.25) - 1) * Math.exp(0.25));
        // loguniform(a, b): mean (b − a)/ln(b/a), E[x²] = (b² − a²)/(2 ln(b/a))
        double a = 1e-3;
        double b = 1;
        double mean = (b - a) / Math.log(b / a);
        moments("loguniform(1e-3, 1)", mean, (b * b - a * a) / (2 * Math.log(b / a)) - mean * mean);
        // standard normal truncated to [0, inf) approximated by [0, 40]: half-normal, mean sqrt(2/pi), var 1 - 2/pi
        moments("truncnormal(0, 1, 0, 40)", Math.sqrt(2 / Math.PI), 1 - 2 / Math.PI);
    }

    @Test
    void densitiesIntegrateToOne() {
        for (String t : new String[] {"uniform(0.1, 0.5)", "normal(0.8, 0.05)", "lognormal(0, 0.5)", "loguniform(1e-3, 1)",
            "truncnormal(0, 1, -0.5, 2)"}) {
            Marginal m = PriorText.marginal(t);
            double lo = Double.isFinite(m.lower()) ? m.lower() : -10;
            double hi = Double.isFinite(m.upper()) ? m.upper() : 30;
            int n = 2_000_000;
            double h = (hi - lo) / n;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.exp(m.logDensity(lo + (i + 0.5) * h)) * h;
            }
            assertEquals(1.0, s, 2e-3, t);
        }
    }

    @Test
    void describeIsTextThatParsesToTheSamePrior() {
        for (String t : new String[] {"normal(0, 1)", "omega_m: uniform(0.1, 0.5); sigma_8: lognormal(-0.2, 0.1)",
            "omega_m: loguniform(0.001, 1); sigma_8: truncnormal(0.8, 0.1, 0.5, 1.2)"}) {
            var p = PriorText.parse(t, PriorContractsTest.SPACE);
            var again = PriorText.parse(p.describe(), PriorContractsTest.SPACE);
            assertEquals(p.marginals(), again.marginals(), t);
            assertEquals(p.describe(), again.describe());
        }
        assertEquals("normal(0, 1)", PriorText.parse("Gaussian(0, 1)", PriorContractsTest.SPACE).describe());
        assertEquals("uniform(0, 1)", PriorText.parse("box(0,1)", PriorContractsTest.SPACE).describe());
    }

    @Test
    void yamlMappingOrText() {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("sigma_8", "normal(0.8, 0.05)");
        y.put("omega_m", "uniform(0.1, 0.5)");
        var p = PriorText.fromYaml(y, PriorContractsTest.SPACE);
        assertEquals("omega_m: uniform(0.1, 0.5); sigma_8: normal(0.8, 0.05)", p.describe(), "in the simulator's order");
        assertEquals("normal(0, 1)", PriorText.fromYaml("normal(0, 1)", PriorContractsTest.SPACE).describe());
    }

    @Test
    void mistakesAreOneLineErrorsNamingTheBadText() {
        var s = PriorContractsTest.SPACE;
        assertEquals("prior 'gamma(1, 2)' has unknown family 'gamma'; expected one of " + PriorText.FAMILIES,
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("gamma(1, 2)", s)).getMessage());
        assertEquals("prior 'normal(0)' has 1 argument(s), its family takes 2",
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("normal(0)", s)).getMessage());
        assertEquals("prior 'normal(0, x)' has argument 'x', not a number",
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("normal(0, x)", s)).getMessage());
        assertEquals("prior 'uniform(1, 0)': uniform(a, b) needs finite a < b, got uniform(1.0, 0.0)",
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("uniform(1, 0)", s)).getMessage());
        assertEquals("prior gives no distribution for sigma_8; give one per parameter (omega_m, sigma_8) or one for all",
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("omega_m: normal(0, 1)", s)).getMessage());
        assertEquals("prior names unknown parameter h; the parameters are omega_m, sigma_8",
                assertThrows(IllegalArgumentException.class, () -> PriorText.parse("h: normal(0, 1); omega_m: normal(0, 1)", s))
                        .getMessage());
        String m = assertThrows(IllegalArgumentException.class, () -> PriorText.parse("truncnormal(0, 1, 50, 60)", s)).getMessage();
        assertTrue(m.contains("keeps no probability mass"), m);
    }
}
