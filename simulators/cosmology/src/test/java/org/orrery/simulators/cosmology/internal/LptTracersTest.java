package org.orrery.simulators.cosmology.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.mesh.Mesh;
import org.orrery.plugin.Setting;

/** lpt_tracers against known truths: Poisson totals, the CIC shot-noise level, the linear bias, shapes, seeds. */
class LptTracersTest {

    private static final double L = 250;
    private static final double[] THETA = {0.3, 0.8};

    private static LptTracers sim(Map<String, ?> set) {
        return new LptTracers(Settings.tracerFieldDefaults().with(set));
    }

    @Test
    void declaresTheObservedFieldAndBothLatentsIn2dAnd3d() {
        LptTracers d3 = new LptTracers();
        assertEquals("lpt_tracers", d3.id());
        assertEquals("delta", d3.observable().name());
        assertArrayEquals(new int[] {32, 32, 32}, d3.observable().shape());
        assertEquals(List.of("delta_initial", "delta_matter"), d3.latents().stream().map(ArraySpec::name).toList());
        for (ArraySpec s : d3.latents()) {
            assertArrayEquals(new int[] {32, 32, 32}, s.shape(), s.name());
        }
        LptTracers d2 = sim(Map.of("grid", 64, "dims", 2));
        assertArrayEquals(new int[] {64, 64}, d2.observable().shape());
        Map<String, double[]> all = d2.simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        assertEquals(List.of("delta", "delta_initial", "delta_matter"), List.copyOf(all.keySet()));
        for (double[] f : all.values()) {
            assertEquals(64 * 64, f.length);
        }
        assertEquals(List.of("grid", "box_length", "dims", "redshift", "h", "omega_b", "n_s", "wiggles", "lpt_order", "bias",
                "bias2", "number_density", "slab"), d3.settings().stream().map(Setting::name).toList());
        assertEquals(1.5, d3.current().bias());
        assertEquals(0.0, d3.current().bias2());
        assertEquals(1e-3, d3.current().numberDensity());
        assertEquals(0.5, d3.current().redshift());
        assertEquals(250.0, d3.current().slab());
    }

    @Test
    void sameSeedSameFieldsAndAnotherSeedOthers() {
        LptTracers s = sim(Map.of("grid", 16));
        Map<String, double[]> a = s.simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
        Map<String, double[]> b = s.simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(7L));
        Map<String, double[]> c = s.simulateAll(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
            assertFalse(Arrays.equals(a.get(k), c.get(k)), k);
        }
        assertArrayEquals(a.get("delta"), s.simulate(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(7L)));
    }

    /**
     * Σ λ_c = n̄ V, so each realisation's tracer count is Poisson(n̄ V): the mean of R counts lies within
     * 4 sqrt(n̄ V / R) of n̄ V (3-D 32³, n̄ 10⁻³: n̄ V = 15625; 2-D 64² slab of 250 Mpc/h, n̄ 10⁻³: surface
     * density 0.25 per (Mpc/h)², 15625),
     * with bias b1 = 1.5, b2 = 0.5 (cells clipped at zero included).
     */
    @Test
    void meanTracerCountIsNbarTimesVolume() {
        for (Map<String, ?> set : List.of(Map.of("bias2", 0.5), Map.of("grid", 64, "dims", 2, "bias2", 0.5))) {
            LptTracers s = sim(set);
            int dims = s.current().dims();
            double expected = s.current().numberDensity() * (dims == 2 ? s.current().slab() : 1) * Math.pow(L, dims);
            int r = 6;
            double mean = 0;
            for (int i = 0; i < r; i++) {
                mean += s.observe(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(100L + i)).count(dims) / (double) r;
            }
            assertEquals(expected, mean, 4 * Math.sqrt(expected / r), "mean count, " + set);
        }
    }

    /** ∏ᵢ [1 − ⅔ sin²(π nᵢ/N)]: the CIC shot-noise sum over aliases (Jing 2005). */
    private static double cicShot(int[] ns, int n) {
        double c = 1;
        for (int k : ns) {
            double s = Math.sin(Math.PI * k / n);
            c *= 1 - 2.0 / 3 * s * s;
        }
        return c;
    }

    /** sinc(x) = sin x / x. */
    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(x) / x;
    }

    /** Per mode (k ≠ 0): signed integer wave vector (2 or 3 components) and the flat index. */
    private interface ModeVisitor {
        void visit(int p, int[] ns);
    }

    private static void modes(Mesh m, ModeVisitor v) {
        int n = m.n();
        int planes = m.dims() == 3 ? n : 1;
        for (int i0 = 0; i0 < planes; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++) {
                    int p = (i0 * n + i1) * n + i2;
                    if (p == 0) {
                        continue;
                    }
                    int[] ns = m.dims() == 3 ? new int[] {m.signed(i0), m.signed(i1), m.signed(i2)}
                            : new int[] {m.signed(i1), m.signed(i2)};
                    v.visit(p, ns);
                }
            }
        }
    }

    private static double norm(int[] ns) {
        double q = 0;
        for (int k : ns) {
            q += (double) k * k;
        }
        return Math.sqrt(q);
    }

    /**
     * Unclustered case (b1 = b2 = 0): the tracers are a homogeneous Poisson process, so with the
     * observed mean density the painted field has ⟨|δ_k|²⟩ V = (V/N)·∏ᵢ[1 − ⅔ sin²(π nᵢ/N_g)] exactly
     * for k ≠ 0. The mean of V|δ_k|²/that over M modes is 1 with standard error 1/sqrt(M/2) (half the
     * modes independent, each |δ_k|² exponential); tolerance 5 of those, separately for the low
     * (|n| ≤ N_g/4) and high half. Without the aliasing sum the high half would read ≈ 0.6.
     */
    @Test
    void unclusteredTracersCarryTheCicShotNoiseLevel() {
        for (Map<String, ?> set : List.of(Map.of("bias", 0.0), Map.of("grid", 64, "dims", 2, "number_density", 2e-3, "bias", 0.0))) {
            LptTracers s = sim(set);
            int dims = s.current().dims();
            int n = s.current().grid();
            Mesh m = new Mesh(n, L, dims);
            LptTracers.Observation o = s.observe(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(11L));
            double shot = m.volume() / o.count(dims);
            double[] dk = m.spectrum(o.delta());
            double[] sum = new double[2];
            int[] count = new int[2];
            modes(m, (p, ns) -> {
                int half = norm(ns) <= n / 4.0 ? 0 : 1;
                double pk = m.volume() * (dk[2 * p] * dk[2 * p] + dk[2 * p + 1] * dk[2 * p + 1]);
                sum[half] += pk / (shot * cicShot(ns, n));
                count[half]++;
            });
            for (int h = 0; h < 2; h++) {
                double ratio = sum[h] / count[h];
                double se = 1 / Math.sqrt(count[h] / 2.0);
                assertEquals(1, ratio, 5 * se, (h == 0 ? "low" : "high") + "-k shot noise / (V/N)·C(k), " + set);
            }
        }
    }

    /**
     * Linear bias: with b1 = 1.2, b2 = 0 at z = 2 (no cell clipped at zero, checked), E[δ_g | δ_m] =
     * b1 δ_m seen through the tracers' uniform placement in a cell and the second CIC, H(k) ≈ ∏ᵢ sinc³(kᵢΔ/2)
     * at low k. On large scales (|n| ≤ 4, k ≤ 0.1 h/Mpc, 3-D 32³, n̄ = 0.03): the cross-bias
     * Σ Re(δ_g δ_m*)/Σ H|δ_m|² is b1 within 4 % (shot-noise scatter ≈ 1 %, aliases a few 0.1 %), and the
     * auto power P_gg = b1² H² P_m + (V/N) C(k): Σ(P_gg − (V/N)C)/Σ b1²H²P_m is 1 within 6 %
     * (same realisation's matter field so no cosmic variance). Over seeds 21–27: cross-bias 1.186–1.219,
     * auto ratio 0.978–1.030 (scatter ≈ 1 % and ≈ 2 %). A bias 10 % off fails both.
     */
    @Test
    void largeScalePowerIsBiasSquaredTimesMatterPlusShotNoise() {
        double b1 = 1.2;
        LptTracers s = sim(Map.of("redshift", 2.0, "bias", b1, "number_density", 0.03));
        Mesh m = new Mesh(32, L, 3);
        LptTracers.Observation o = s.observe(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(21L));
        double min = Arrays.stream(o.deltaMatter()).min().orElseThrow();
        assertTrue(1 + b1 * min > 0, "a cell was clipped: min δ_m = " + min);
        double shot = m.volume() / o.count(3);
        double[] gk = m.spectrum(o.delta());
        double[] mk = m.spectrum(o.deltaMatter());
        double half = Math.PI / 32; // Δ/2 · kF per unit n: kᵢΔ/2 = π nᵢ/N
        double[] acc = new double[5];
        modes(m, (p, ns) -> {
            if (norm(ns) > 4) {
                return;
            }
            double h = 1;
            for (int k : ns) {
                double w = sinc(half * k);
                h *= w * w * w;
            }
            double pm = mk[2 * p] * mk[2 * p] + mk[2 * p + 1] * mk[2 * p + 1];
            double pg = gk[2 * p] * gk[2 * p] + gk[2 * p + 1] * gk[2 * p + 1];
            double cross = gk[2 * p] * mk[2 * p] + gk[2 * p + 1] * mk[2 * p + 1];
            acc[0] += cross;
            acc[1] += h * pm;
            acc[2] += m.volume() * pg - shot * cicShot(ns, 32);
            acc[3] += b1 * b1 * h * h * m.volume() * pm;
            acc[4]++;
        });
        double bHat = acc[0] / acc[1];
        double autoRatio = acc[2] / acc[3];
        System.out.printf("lpt_tracers bias check: cross-bias %.4f (b1 %.2f), auto ratio %.4f over %d modes, N = %d%n", bHat, b1,
                autoRatio, (int) acc[4], o.count(3));
        assertEquals(b1, bHat, 0.04 * b1, "large-scale cross bias");
        assertEquals(1, autoRatio, 0.06, "large-scale (P_gg - shot)/(b1² H² P_m)");
    }

    @Test
    void refusesADensityThatLeavesNoTracerAndBadBias() {
        LptTracers s = sim(Map.of("grid", 8, "number_density", 1e-12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.simulate(THETA, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)));
        assertTrue(e.getMessage().contains("number_density"), e.getMessage());
        // a bias that leaves every cell at zero density (here a uniform δ = 0.5 with b1 = −4): named in one line
        double[] flat = new double[64];
        Arrays.fill(flat, 0.5);
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> LptTracers.intensities(new Mesh(4, L, 3), flat, -4, 0, 1e-3));
        assertTrue(b.getMessage().contains("-4.0"), b.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sim(Map.of("bias2", Double.NaN)));
    }
}
