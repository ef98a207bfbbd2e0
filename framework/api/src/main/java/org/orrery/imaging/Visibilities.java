package org.orrery.imaging;

import java.util.List;

/**
 * Calibrated complex visibilities of one observation (Stokes I), one entry per record.
 *
 * @param source      source name, e.g. {@code M87}
 * @param frequencyHz observing frequency
 * @param mjd         modified Julian date of the observation day (times count from its 0 h UTC)
 * @param stations    station names; {@code station1}/{@code station2} index this list
 * @param time        UTC hours since {@code mjd}
 * @param station1    first station of each baseline
 * @param station2    second station of each baseline
 * @param u           baseline u in wavelengths
 * @param v           baseline v in wavelengths
 * @param re          real part of the visibility, Jy
 * @param im          imaginary part, Jy
 * @param sigma       thermal noise of each of re and im, Jy
 */
public record Visibilities(String source, double frequencyHz, double mjd, List<String> stations,
        double[] time, int[] station1, int[] station2, double[] u, double[] v,
        double[] re, double[] im, double[] sigma) {

    public Visibilities {
        stations = List.copyOf(stations);
        int n = time.length;
        if (station1.length != n || station2.length != n || u.length != n || v.length != n
                || re.length != n || im.length != n || sigma.length != n) {
            throw new IllegalArgumentException("visibility columns differ in length (time has " + n + ")");
        }
        for (int k = 0; k < n; k++) {
            if (station1[k] < 0 || station1[k] >= stations.size() || station2[k] < 0 || station2[k] >= stations.size()) {
                throw new IllegalArgumentException("record " + k + " names a station outside the " + stations.size() + " stations");
            }
            if (!(sigma[k] > 0) || !Double.isFinite(sigma[k])) {
                throw new IllegalArgumentException("record " + k + " has sigma " + sigma[k] + " (must be finite and > 0)");
            }
        }
    }

    public int size() {
        return time.length;
    }

    public double amplitude(int k) {
        return Math.hypot(re[k], im[k]);
    }

    /** Phase in radians. */
    public double phase(int k) {
        return Math.atan2(im[k], re[k]);
    }

    /** Baseline length in wavelengths. */
    public double uvDistance(int k) {
        return Math.hypot(u[k], v[k]);
    }
}
