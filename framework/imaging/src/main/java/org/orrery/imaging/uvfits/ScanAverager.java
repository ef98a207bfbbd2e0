package org.orrery.imaging.uvfits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orrery.imaging.Visibilities;

/**
 * Coherent scan averaging. Scans are the runs of record times separated by gaps longer than
 * {@code gapSeconds} (over the whole array); within a scan, each baseline's records are averaged
 * with inverse-variance weights: V = Σ w V / Σ w, σ = 1/√Σ w, w = 1/σ²; u, v and time are the
 * plain means of the records'.
 */
public final class ScanAverager {

    private ScanAverager() {
    }

    public static Visibilities average(Visibilities in, double gapSeconds) {
        if (!(gapSeconds > 0)) {
            throw new IllegalArgumentException("scan gap must be > 0 s, got " + gapSeconds);
        }
        int n = in.size();
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> in.time()[k]));
        int[] scan = new int[n];
        int s = 0;
        for (int r = 1; r < n; r++) {
            if ((in.time()[order[r]] - in.time()[order[r - 1]]) * 3600 > gapSeconds) {
                s++;
            }
            scan[order[r]] = s;
        }
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            int k = order[r];
            int a = Math.min(in.station1()[k], in.station2()[k]);
            int b = Math.max(in.station1()[k], in.station2()[k]);
            long key = ((long) scan[k] << 20) | ((long) a << 10) | b;
            groups.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
        }
        int m = groups.size();
        double[] t = new double[m];
        int[] s1 = new int[m];
        int[] s2 = new int[m];
        double[] u = new double[m];
        double[] v = new double[m];
        double[] re = new double[m];
        double[] im = new double[m];
        double[] sg = new double[m];
        int g = 0;
        for (List<Integer> rows : groups.values()) {
            int first = rows.get(0);
            s1[g] = in.station1()[first];
            s2[g] = in.station2()[first];
            double sw = 0;
            for (int k : rows) {
                // keep the first record's orientation: a reversed baseline is conjugated, u, v negated
                double sign = in.station1()[k] == s1[g] ? 1 : -1;
                double w = 1 / (in.sigma()[k] * in.sigma()[k]);
                sw += w;
                re[g] += w * in.re()[k];
                im[g] += w * sign * in.im()[k];
                u[g] += sign * in.u()[k];
                v[g] += sign * in.v()[k];
                t[g] += in.time()[k];
            }
            re[g] /= sw;
            im[g] /= sw;
            u[g] /= rows.size();
            v[g] /= rows.size();
            t[g] /= rows.size();
            sg[g] = 1 / Math.sqrt(sw);
            g++;
        }
        return new Visibilities(in.source(), in.frequencyHz(), in.mjd(), in.stations(), t, s1, s2, u, v, re, im, sg);
    }
}
