package org.orrery.validation.clustering.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Benchmark driver for bench/clustering-vs-scipy.sh (not a unit test): writes the shared inputs as
 * raw little-endian float64 files and the Java timings (best of repeats, seconds) as key=value lines.
 * Args: output directory.
 */
public final class ClusteringBench {

    static final double L = 1000.0;
    static final int N = 1_000_000;
    static final int GRID = 256;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20240607L);
        double[] pos = KnnCdf.randomQueries(N, L, rng);
        double[] queries = KnnCdf.sortSpatially(KnnCdf.randomQueries(N, L, rng), L, N, 8);
        double[] grid = new double[GRID * GRID * GRID];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = rng.nextDouble() - 0.5;
        }
        write(dir.resolve("pos.f64"), pos);
        write(dir.resolve("queries.f64"), queries);
        write(dir.resolve("grid.f64"), grid);
        double[] edges = Inputs.logEdges(0.1, 20, 20);
        int[] ks = {1, 2, 4, 8};
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("java.txt")))) {
            for (int threads : new int[] {2, 1}) {
                long[] counts = new long[0];
                double best = Double.MAX_VALUE;
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    counts = PairCounter.auto(pos, edges, L, threads).counts();
                    best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
                }
                out.println("pairs_t" + threads + "=" + best);
                if (threads == 2) {
                    StringBuilder sb = new StringBuilder();
                    for (long c : counts) {
                        sb.append(sb.length() == 0 ? "" : ",").append(c);
                    }
                    out.println("pair_counts=" + sb);
                }
                best = Double.MAX_VALUE;
                double[][] d = null;
                for (int rep = 0; rep < 2; rep++) {
                    long t0 = System.nanoTime();
                    d = KnnCdf.distances(pos, queries, L, ks, threads);
                    best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
                }
                out.println("knn_t" + threads + "=" + best);
                if (threads == 2) {
                    double s = 0;
                    for (double v : d[3]) {
                        s += v;
                    }
                    out.println("knn_mean_d8=" + s / d[3].length);
                }
                best = Double.MAX_VALUE;
                PowerSpectrum.Result r = null;
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    r = PowerSpectrum.ofField(grid, GRID, 3, L, 0, threads);
                    best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
                }
                out.println("pk_t" + threads + "=" + best);
                if (threads == 2) {
                    out.println("pk_bin10=" + r.p0()[9] + "," + r.modes()[9]);
                }
                out.flush();
            }
        }
    }

    private static void write(Path p, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }
}
