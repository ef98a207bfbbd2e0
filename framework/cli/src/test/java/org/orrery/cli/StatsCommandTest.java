package org.orrery.cli;

import org.orrery.workflow.StatsInput;
import org.orrery.workflow.StatsOutput;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orrery stats} through the real command, host and clustering bundle, on ensembles made here
 * whose statistics are known: white-noise and smoothed Gaussian fields (P(k) = σ²V/N for white
 * noise in the Pylians convention) and Poisson point sets (ξ = 0).
 */
class StatsCommandTest {

    static final double L = 100;
    static final int N = 32;

    @TempDir static Path dir;
    static String plugins;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void plugins() throws Exception {
        plugins = TestPlugins.folder(dir, "orrery-clustering-statistics").toString();
    }

    static MainTest.Run stats(String... args) {
        List<String> all = new ArrayList<>(List.of("stats", "--plugins", plugins));
        all.addAll(List.of(args));
        return MainTest.run(all.toArray(String[]::new));
    }

    /**
     * members × n³ Gaussian fields with unit variance per cell, times {@code amplitude}; with
     * {@code smooth}, convolved with the periodic binomial kernel [¼, ½, ¼] along every axis, so that
     * P(k) ∝ Π cos⁴(k_i Δ/2) instead of flat.
     */
    static double[][][][] fields(long seed, int members, double amplitude, boolean smooth) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][][][] out = new double[members][N][N][N];
        for (double[][][] f : out) {
            for (double[][] plane : f) {
                for (double[] row : plane) {
                    for (int i = 0; i < N; i++) {
                        row[i] = amplitude * g.sample();
                    }
                }
            }
            if (smooth) {
                for (int axis = 0; axis < 3; axis++) {
                    smoothAlong(f, axis);
                }
            }
        }
        return out;
    }

    private static void smoothAlong(double[][][] f, int axis) {
        double[][][] c = new double[N][N][N];
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                for (int d = 0; d < N; d++) {
                    int[] m = {a, b, d};
                    int[] lo = m.clone();
                    int[] hi = m.clone();
                    lo[axis] = (m[axis] + N - 1) % N;
                    hi[axis] = (m[axis] + 1) % N;
                    c[a][b][d] = 0.25 * f[lo[0]][lo[1]][lo[2]] + 0.5 * f[a][b][d] + 0.25 * f[hi[0]][hi[1]][hi[2]];
                }
            }
        }
        for (int a = 0; a < N; a++) {
            for (int b = 0; b < N; b++) {
                System.arraycopy(c[a][b], 0, f[a][b], 0, N);
            }
        }
    }

    /** A bank per the convention: /delta [members, n, n, n], root box attributes, dataset kind/unit. */
    static Path fieldBank(String name, double[][][][] members, boolean chunked) throws Exception {
        Path p = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(p)) {
            var d = chunked
                    ? h.putDataset("delta", members, DatasetCreationOptions.builder().chunkDimensions(new int[] {2, N, N, N}).build())
                    : h.putDataset("delta", members);
            d.putAttribute("kind", "GRID");
            d.putAttribute("unit", "");
            h.putAttribute("format", StatsInput.BANK_FORMAT);
            h.putAttribute("box_length", L);
            h.putAttribute("box_grid", N);
            h.putAttribute("box_dims", 3);
            h.putAttribute("redshift", 0.0);
        }
        return p;
    }

    /** Uniform random points in the box; the count is Poisson-like (mean ± 10 %) so offsets differ. */
    static double[][] poisson(UniformRandomProvider rng, int mean) {
        int n = mean - mean / 10 + rng.nextInt(mean / 5);
        double[][] pos = new double[n][3];
        for (double[] r : pos) {
            for (int i = 0; i < 3; i++) {
                r[i] = rng.nextDouble() * L;
            }
        }
        return pos;
    }

    /** Concatenated point sets /positions [total, 3] + /positions_offsets, velocities alike. */
    static Path pointBank(String name, List<double[][]> members) throws Exception {
        int total = members.stream().mapToInt(m -> m.length).sum();
        double[][] all = new double[total][];
        double[][] vel = new double[total][];
        long[] off = new long[members.size() + 1];
        int k = 0;
        for (int m = 0; m < members.size(); m++) {
            for (double[] r : members.get(m)) {
                all[k] = r;
                vel[k++] = new double[] {-r[0], 0, 0};
            }
            off[m + 1] = k;
        }
        Path p = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(p)) {
            h.putDataset("positions", all).putAttribute("unit", "Mpc/h");
            h.putDataset("positions_offsets", off);
            h.putDataset("velocities", vel).putAttribute("unit", "km/s");
            h.putDataset("velocities_offsets", off);
            h.putAttribute("format", StatsInput.BANK_FORMAT);
            h.putAttribute("box_length", L);
            h.putAttribute("box_dims", 3);
        }
        return p;
    }

    /** A plain file with one member: /positions [n, 3] and box_length. */
    static Path plainPoints(String name, double[][] pos) throws Exception {
        Path p = dir.resolve(name);
        try (WritableHdfFile h = HdfFile.write(p)) {
            h.putDataset("positions", pos);
            h.putAttribute("box_length", L);
        }
        return p;
    }

    static JsonNode metrics(Path report) throws Exception {
        return JSON.readTree(report.resolve("metrics.json").toFile());
    }

    static double[][] read2d(HdfFile h, String path) {
        return (double[][]) ((Dataset) h.getByPath(path)).getData();
    }

    @Test
    void sameSpectrumAgreesAndTheReportHoldsEveryMember() throws Exception {
        Path gen = fieldBank("same-gen.h5", fields(1, 8, 1, true), true);
        Path ref = fieldBank("same-ref.h5", fields(2, 8, 1, true), false);
        Path out = dir.resolve("same-report");
        MainTest.Run r = stats("--statistic", "power_spectrum", "--generated", gen.toString(), "--reference", ref.toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one-line verdict:\n" + r.out());
        assertTrue(r.out().startsWith("power_spectrum: generated and reference agree"), r.out());
        assertTrue(r.out().contains("report: " + out.toAbsolutePath()), r.out());

        JsonNode m = metrics(out);
        assertEquals("power_spectrum", m.path("provenance").path("statistic").asText());
        assertTrue(m.path("provenance").path("generated_files").asText().endsWith("same-gen.h5"));
        for (String s : List.of("P0", "P2", "P4")) {
            JsonNode check = m.path(s);
            assertTrue(check.path("passed").asBoolean(), s + ": " + check.path("summary").asText());
            double perDof = check.path("metrics").path("chi2_per_dof").asDouble();
            // 8 vs 8 members: Δ/σ is t-like with ~14 dof, E[(Δ/σ)²] ≈ 1.17; over ~27 bins ±0.8 is > 2.5σ
            assertTrue(perDof > 0.4 && perDof < 2.0, s + " chi2/dof = " + perDof);
            assertTrue(check.path("metrics").path("max_abs_residual").asDouble() < 4.5, check.toString());
            assertTrue(Files.size(out.resolve("figures/power_spectrum_" + s.toLowerCase() + ".png")) > 1000);
            assertTrue(Files.size(out.resolve("figures/power_spectrum_" + s.toLowerCase() + ".pdf")) > 1000);
        }
        // issue 18: a finished report is not replaced without --overwrite, and the refusal comes before any work
        byte[] before = Files.readAllBytes(out.resolve("metrics.json"));
        r = stats("--statistic", "power_spectrum", "--generated", gen.toString(), "--reference", ref.toString(),
                "--out", out.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(out + " exists (a finished report); pass --overwrite"), r.err());
        assertEquals(new String(before), Files.readString(out.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("index.html")));

        try (HdfFile h = new HdfFile(out.resolve(StatsOutput.STATISTICS_FILE))) {
            assertEquals(StatsOutput.FORMAT, h.getAttribute("format").getData());
            double[][] g = read2d(h, "/P0/generated");
            double[][] rr = read2d(h, "/P0/reference");
            double[] x = (double[]) ((Dataset) h.getByPath("/P0/x")).getData();
            assertEquals(8, g.length);
            assertEquals(8, rr.length);
            assertEquals(x.length, g[0].length);
            double[] jsonX = JSON.treeToValue(m.path("P0").path("series").path("generated").path("x"), double[].class);
            assertArrayEquals(jsonX, x, 0);
            // the bins: shells kF·[b, b+1), b = 1, 2, …; the mode-weighted mean k lies inside its shell
            double[] lo = (double[]) ((Dataset) h.getByPath("/P0/x_low")).getData();
            double[] hi = (double[]) ((Dataset) h.getByPath("/P0/x_high")).getData();
            double kf = lo[0];
            for (int b = 0; b < x.length; b++) {
                assertEquals(kf * (b + 1), lo[b], 1e-12 * kf, "bin " + b);
                assertEquals(kf * (b + 2), hi[b], 1e-12 * kf, "bin " + b);
                assertTrue(lo[b] <= x[b] && x[b] < hi[b], "bin " + b + ": " + lo[b] + " " + x[b] + " " + hi[b]);
            }
            // the stored mean is the mean of the stored members
            double[] mean = (double[]) ((Dataset) h.getByPath("/P0/mean_generated")).getData();
            for (int b = 0; b < x.length; b++) {
                double s = 0;
                for (double[] row : g) {
                    s += row[b] / g.length;
                }
                assertEquals(s, mean[b], 1e-12 * Math.abs(s));
            }
        }
        // smoothing suppresses small scales: P(k) at the largest k is far below P at the smallest k
        double[] meanRef = JSON.treeToValue(m.path("P0").path("series").path("reference").path("y"), double[].class);
        assertTrue(meanRef[meanRef.length - 1] < 0.05 * meanRef[0], "smoothed spectrum is red");
    }

    /** White noise of variance σ² per cell has P(k) = σ² V/N³ in every bin (Pylians normalisation). */
    @Test
    void differentAmplitudeIsFlaggedAndWhiteNoiseHasItsAnalyticSpectrum() throws Exception {
        Path gen = fieldBank("amp-gen.h5", fields(3, 8, 1.5, false), false);
        Path ref = fieldBank("amp-ref.h5", fields(4, 8, 1.0, false), true);
        Path out = dir.resolve("amp-report");
        MainTest.Run r = stats("--statistic", "power_spectrum", "--generated", gen.toString(), "--reference", ref.toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("power_spectrum: generated and reference DIFFER in P0"), r.out());
        JsonNode p0 = metrics(out).path("P0");
        assertFalse(p0.path("passed").asBoolean());
        assertTrue(p0.path("metrics").path("chi2_per_dof").asDouble() > 20, p0.toString());

        double expected = L * L * L / ((double) N * N * N);
        try (HdfFile h = new HdfFile(out.resolve(StatsOutput.STATISTICS_FILE))) {
            double[] mg = (double[]) ((Dataset) h.getByPath("/P0/mean_generated")).getData();
            double[] sg = (double[]) ((Dataset) h.getByPath("/P0/sigma_generated")).getData();
            double[] mr = (double[]) ((Dataset) h.getByPath("/P0/mean_reference")).getData();
            double[] sr = (double[]) ((Dataset) h.getByPath("/P0/sigma_reference")).getData();
            for (int b = 0; b < mr.length; b++) {
                // 5 standard errors of the mean of 8 members, per bin
                assertEquals(expected, mr[b], 5 * sr[b] / Math.sqrt(8), "reference bin " + b);
                assertEquals(2.25 * expected, mg[b], 5 * sg[b] / Math.sqrt(8), "generated bin " + b);
            }
        }
    }

    @Test
    void poissonPointSetsFromBanksAndPlainFiles() throws Exception {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        Path gen = pointBank("points-gen.h5", List.of(poisson(rng, 3000), poisson(rng, 3000), poisson(rng, 3000)));
        List<String> args = new ArrayList<>(List.of("--statistic", "xi", "--generated", gen.toString(), "--reference"));
        for (int i = 0; i < 3; i++) {
            args.add(plainPoints("points-ref-" + i + ".h5", poisson(rng, 3000)).toString());
        }
        Path out = dir.resolve("xi-report");
        args.addAll(List.of("--out", out.toString()));
        MainTest.Run r = stats(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("xi χ²/dof"), r.out());
        try (HdfFile h = new HdfFile(out.resolve(StatsOutput.STATISTICS_FILE))) {
            double[][] g = read2d(h, "/xi/generated");
            double[][] rr = read2d(h, "/xi/reference");
            assertEquals(3, g.length);
            assertEquals(3, rr.length);
            assertEquals(20, g[0].length, "20 separation bins");
            // ξ of Poisson points is 0: the pooled mean over 6 members within 5 standard errors, per bin
            for (int b = 0; b < g[0].length; b++) {
                double[] v = new double[6];
                for (int m = 0; m < 3; m++) {
                    v[m] = g[m][b];
                    v[3 + m] = rr[m][b];
                }
                double mean = java.util.Arrays.stream(v).average().orElseThrow();
                double var = java.util.Arrays.stream(v).map(t -> (t - mean) * (t - mean)).sum() / 5;
                assertEquals(0, mean, 5 * Math.sqrt(var / 6) + 1e-12, "xi bin " + b);
            }
        }
        h5pyReads(out.resolve(StatsOutput.STATISTICS_FILE), "xi", 3, 3);

        // v12 needs the velocities stored beside the positions: v = (−x, 0, 0) is a plain function of position
        Path v12 = dir.resolve("v12-report");
        r = stats("--statistic", "pairwise_velocity", "--generated", gen.toString(), "--reference", gen.toString(),
                "--out", v12.toString());
        assertEquals(0, r.status(), r.err());
        // identical ensembles; the statistic's multi-threaded sums differ from run to run in the last bits only
        assertEquals(0, metrics(v12).path("v12").path("metrics").path("chi2").asDouble(), 1e-12, "identical ensembles");
        // reference given as plain files without velocities: a one-line error, no report
        r = stats("--statistic", "pairwise_velocity", "--generated", gen.toString(), "--reference",
                dir.resolve("points-ref-0.h5").toString(), dir.resolve("points-ref-1.h5").toString(),
                "--out", dir.resolve("v12-bad").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("needs /velocities"), r.err());
        assertFalse(Files.exists(dir.resolve("v12-bad")));
    }

    /**
     * Reads statistics.h5 with Debian's h5py. CI installs python3-h5py and must run this; a local
     * machine without it says loudly that the check was skipped.
     */
    static void h5pyReads(Path file, String series, int gen, int ref) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean available = Files.isExecutable(python);
        if (available) {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import h5py").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            available = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        if (!available) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI must have python3-h5py (.ci/run installs it)");
            }
            System.err.println("SKIPPED: statistics.h5 read-back with h5py — python3-h5py not installed");
            return;
        }
        String script = "import sys, h5py, numpy as np\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "g = f[sys.argv[2]]\n"
                + "assert g['generated'].shape[0] == int(sys.argv[3]) and g['reference'].shape[0] == int(sys.argv[4])\n"
                + "assert g['generated'].shape[1] == g['x'].shape[0]\n"
                + "assert np.allclose(g['mean_generated'][()], g['generated'][()].mean(axis=0))\n"
                // binned statistics write their bins, [x_low, x_high), and the reported x lies in its bin
                + "lo, hi, x = g['x_low'][()], g['x_high'][()], g['x'][()]\n"
                + "assert lo.shape == x.shape == hi.shape and np.all(lo < hi) and np.all((lo <= x) & (x < hi)), (lo, x, hi)\n"
                + "assert np.all(lo[1:] >= hi[:-1])\n"
                + "print('ok', f.attrs['statistic'])\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, file.toString(), series, String.valueOf(gen),
                String.valueOf(ref)).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "h5py: " + outText);
    }

    @Test
    void masterWithoutTheSparkEngineIsAUsageError() throws Exception {
        Path good = fieldBank("master-good.h5", fields(5, 2, 1, false), false);
        Path out = dir.resolve("master-report");
        MainTest.Run r = stats("--statistic", "power_spectrum", "--generated", good.toString(), "--reference",
                good.toString(), "--out", out.toString(), "--master", "local[2]");
        assertEquals(2, r.status(), r.err());
        assertEquals("orrery stats: --master and --ship-plugins need --engine spark", r.err().strip());
        assertTrue(Files.notExists(out), "no report before the usage error");
    }

    @Test
    void badInputsAreOneLineErrorsWithNoReport() throws Exception {
        Path good = fieldBank("bad-good.h5", fields(5, 2, 1, false), false);
        Path noBox = dir.resolve("no-box.h5");
        try (WritableHdfFile h = HdfFile.write(noBox)) {
            h.putDataset("delta", fields(6, 2, 1, false));
        }
        Path nan = dir.resolve("nan.h5");
        double[][][][] f = fields(7, 2, 1, false);
        f[1][3][4][5] = Double.NaN;
        fieldBank("nan.h5", f, false);

        assertOneLineError(stats("--statistic", "power_spectrum", "--generated", dir.resolve("absent.h5").toString(),
                "--reference", good.toString(), "--out", dir.resolve("r1").toString()), "r1", "absent.h5");
        MainTest.Run unknown = stats("--statistic", "no_such_statistic", "--generated", good.toString(),
                "--reference", good.toString(), "--out", dir.resolve("r2").toString());
        assertOneLineError(unknown, "r2", "no_such_statistic");
        assertTrue(unknown.err().contains("available: ") && unknown.err().contains("power_spectrum")
                && unknown.err().contains("xi"), unknown.err());
        assertOneLineError(stats("--statistic", "power_spectrum", "--generated", noBox.toString(),
                "--reference", good.toString(), "--out", dir.resolve("r3").toString()), "r3", "box_length");
        MainTest.Run wrongName = stats("--statistic", "power_spectrum", "--dataset", "density", "--generated", good.toString(),
                "--reference", good.toString(), "--out", dir.resolve("r4").toString());
        assertOneLineError(wrongName, "r4", "no dataset /density");
        assertTrue(wrongName.err().contains("datasets: delta"), wrongName.err());
        assertOneLineError(stats("--statistic", "power_spectrum", "--generated", nan.toString(),
                "--reference", good.toString(), "--out", dir.resolve("r5").toString()), "r5", "NaN");
        // a point-set statistic on a field: says what it got
        assertOneLineError(stats("--statistic", "xi", "--generated", good.toString(),
                "--reference", good.toString(), "--out", dir.resolve("r6").toString()), "r6", "positions");
        // no report folder and no staging leftovers beside it
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".stats-")), "staging folder left behind");
        }
    }

    private static void assertOneLineError(MainTest.Run r, String out, String mentions) {
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line:\n" + r.err());
        assertTrue(r.err().startsWith("orrery stats: ") && r.err().contains(mentions), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve(out)), "no report for a failed run");
    }
}
