package org.orrery.validation.clustering.internal;

import org.orrery.data.ArraySpec;
import org.orrery.data.Box;

/** Shared input checks and default binning for the statistic components. */
final class Inputs {

    private Inputs() {
    }

    static boolean isPoints3d(ArraySpec spec) {
        int[] s = spec.shape();
        return spec.kind() == ArraySpec.Kind.POINTS && s.length == 2 && s[1] == 3;
    }

    static double[] points3d(double[] values, ArraySpec spec, Box box, String statistic) {
        if (!isPoints3d(spec)) {
            throw new IllegalArgumentException(statistic + " needs a 3-D point set [n, 3], got " + spec + " (" + spec.kind() + ")");
        }
        if (box == null) {
            throw new IllegalArgumentException(statistic + " needs the periodic box of " + spec.name());
        }
        if (values.length % 3 != 0 || values.length == 0) {
            throw new IllegalArgumentException(statistic + ": " + spec.name() + " has " + values.length + " values, not a non-empty multiple of 3");
        }
        return values;
    }

    /** 20 log bins from r_max/50 to r_max = min(L/4, 50 Mpc/h). */
    static double[] defaultSeparationEdges(double box) {
        double rmax = Math.min(box / 4, 50.0);
        return logEdges(rmax / 50, rmax, 20);
    }

    static double[] logEdges(double lo, double hi, int bins) {
        double[] e = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            e[i] = lo * Math.pow(hi / lo, (double) i / bins);
        }
        e[bins] = hi;
        return e;
    }

    static double[] toDouble(long[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
