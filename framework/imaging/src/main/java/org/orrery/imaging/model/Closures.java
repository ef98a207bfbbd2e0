package org.orrery.imaging.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.orrery.imaging.Visibilities;

/**
 * Non-redundant closure sets. Records are grouped into scans (successive record times no more than
 * {@code gapSeconds} apart; when a baseline occurs twice in a scan, by exact time instead). In each
 * group every triangle (quadrangle) whose baselines were all observed is a candidate; candidates
 * are taken in order of increasing σ and kept when linearly independent of those already kept
 * (Gram–Schmidt in the space of baseline phases, resp. log amplitudes). This yields
 * (N−1)(N−2)/2 closure phases and N(N−3)/2 log closure amplitudes for N stations with all
 * baselines, the minimal complete sets.
 *
 * <p>Each closure is a list of (record index, coefficient): closure phase = Σ c·φ_k with c = ±1 (−1
 * where the triangle runs a baseline backwards); log closure amplitude = Σ c·ln|V_k| with
 * c = +1, +1 (numerator), −1, −1 (denominator).
 */
public final class Closures {

    /** One closure quantity: record indices and their coefficients. */
    public record Closure(int[] records, double[] coefficients) {
    }

    private Closures() {
    }

    static List<int[]> groups(Visibilities vis, double gapSeconds) {
        int n = vis.size();
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> vis.time()[k]));
        List<int[]> out = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (!cur.isEmpty() && (vis.time()[order[r]] - vis.time()[order[r - 1]]) * 3600 > gapSeconds) {
                out.addAll(split(vis, cur));
                cur = new ArrayList<>();
            }
            cur.add(order[r]);
        }
        if (!cur.isEmpty()) {
            out.addAll(split(vis, cur));
        }
        return out;
    }

    /** One group, or one per exact time when a baseline repeats. */
    private static List<int[]> split(Visibilities vis, List<Integer> rows) {
        var seen = new java.util.HashSet<Long>();
        boolean repeats = false;
        for (int k : rows) {
            if (!seen.add(key(vis.station1()[k], vis.station2()[k]))) {
                repeats = true;
                break;
            }
        }
        if (!repeats) {
            return List.of(rows.stream().mapToInt(Integer::intValue).toArray());
        }
        Map<Double, List<Integer>> byTime = new java.util.TreeMap<>();
        for (int k : rows) {
            byTime.computeIfAbsent(vis.time()[k], t -> new ArrayList<>()).add(k);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> g : byTime.values()) {
            out.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static long key(int a, int b) {
        return ((long) Math.min(a, b) << 20) | Math.max(a, b);
    }

    /** Closure phases on a non-redundant set of triangles. */
    public static List<Closure> triangles(Visibilities vis, double[] sigma, double gapSeconds) {
        List<Closure> out = new ArrayList<>();
        for (int[] g : groups(vis, gapSeconds)) {
            Map<Long, Integer> rec = index(vis, g);
            int[] st = stations(vis, g);
            List<Closure> cand = new ArrayList<>();
            List<Double> cs = new ArrayList<>();
            for (int a = 0; a < st.length; a++) {
                for (int b = a + 1; b < st.length; b++) {
                    for (int c = b + 1; c < st.length; c++) {
                        int[] tri = {st[a], st[b], st[c]};
                        int[] recs = new int[3];
                        double[] coef = new double[3];
                        boolean ok = true;
                        double s2 = 0;
                        for (int e = 0; e < 3; e++) {
                            int from = tri[e];
                            int to = tri[(e + 1) % 3];
                            Integer k = rec.get(key(from, to));
                            if (k == null) {
                                ok = false;
                                break;
                            }
                            recs[e] = k;
                            coef[e] = vis.station1()[k] == from ? 1 : -1;
                            double snr = vis.amplitude(k) / sigma[k];
                            s2 += 1 / (snr * snr);
                        }
                        if (ok) {
                            cand.add(new Closure(recs, coef));
                            cs.add(s2);
                        }
                    }
                }
            }
            out.addAll(independent(cand, cs));
        }
        return out;
    }

    /** Log closure amplitudes on a non-redundant set of quadrangles. */
    public static List<Closure> quadrangles(Visibilities vis, double[] sigma, double gapSeconds) {
        List<Closure> out = new ArrayList<>();
        for (int[] g : groups(vis, gapSeconds)) {
            Map<Long, Integer> rec = index(vis, g);
            int[] st = stations(vis, g);
            List<Closure> cand = new ArrayList<>();
            List<Double> cs = new ArrayList<>();
            int m = st.length;
            for (int a = 0; a < m; a++) {
                for (int b = a + 1; b < m; b++) {
                    for (int c = b + 1; c < m; c++) {
                        for (int d = c + 1; d < m; d++) {
                            int[] q = {st[a], st[b], st[c], st[d]};
                            // the three pairings; each closure amplitude is pairing P over pairing Q
                            int[][][] pairings = {{{q[0], q[1]}, {q[2], q[3]}}, {{q[0], q[2]}, {q[1], q[3]}}, {{q[0], q[3]}, {q[1], q[2]}}};
                            int[][] ratio = {{0, 1}, {0, 2}, {1, 2}};
                            for (int[] r : ratio) {
                                int[][] num = pairings[r[0]];
                                int[][] den = pairings[r[1]];
                                int[][] edges = {num[0], num[1], den[0], den[1]};
                                int[] recs = new int[4];
                                double[] coef = {1, 1, -1, -1};
                                boolean ok = true;
                                double s2 = 0;
                                for (int e = 0; e < 4; e++) {
                                    Integer k = rec.get(key(edges[e][0], edges[e][1]));
                                    if (k == null) {
                                        ok = false;
                                        break;
                                    }
                                    recs[e] = k;
                                    double snr = vis.amplitude(k) / sigma[k];
                                    s2 += 1 / (snr * snr);
                                }
                                if (ok) {
                                    cand.add(new Closure(recs, coef));
                                    cs.add(s2);
                                }
                            }
                        }
                    }
                }
            }
            out.addAll(independent(cand, cs));
        }
        return out;
    }

    private static Map<Long, Integer> index(Visibilities vis, int[] g) {
        Map<Long, Integer> rec = new HashMap<>();
        for (int k : g) {
            rec.put(key(vis.station1()[k], vis.station2()[k]), k);
        }
        return rec;
    }

    private static int[] stations(Visibilities vis, int[] g) {
        return Arrays.stream(g).flatMap(k -> java.util.stream.IntStream.of(vis.station1()[k], vis.station2()[k]))
                .distinct().sorted().toArray();
    }

    /** Greedy maximal linearly independent subset, lowest σ² first. */
    private static List<Closure> independent(List<Closure> cand, List<Double> sigma2) {
        Integer[] order = new Integer[cand.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(sigma2::get));
        List<Closure> kept = new ArrayList<>();
        List<Map<Integer, Double>> basis = new ArrayList<>();
        for (int i : order) {
            Closure c = cand.get(i);
            Map<Integer, Double> vec = new HashMap<>();
            for (int e = 0; e < c.records().length; e++) {
                vec.merge(c.records()[e], c.coefficients()[e], Double::sum);
            }
            for (Map<Integer, Double> b : basis) {
                double dot = 0;
                for (var en : b.entrySet()) {
                    dot += en.getValue() * vec.getOrDefault(en.getKey(), 0.0);
                }
                if (dot != 0) {
                    for (var en : b.entrySet()) {
                        vec.merge(en.getKey(), -dot * en.getValue(), Double::sum);
                    }
                }
            }
            double norm = Math.sqrt(vec.values().stream().mapToDouble(x -> x * x).sum());
            if (norm > 1e-8) {
                vec.replaceAll((k, x) -> x / norm);
                basis.add(vec);
                kept.add(c);
            }
        }
        return kept;
    }
}
