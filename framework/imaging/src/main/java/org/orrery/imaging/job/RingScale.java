package org.orrery.imaging.job;

import org.apache.commons.math3.special.BesselJ;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.Visibilities;

/**
 * The ring size the data show before any imaging: the thin-ring model |V| = F|J₀(π d ρ)| fitted
 * to the amplitudes by a grid search over d (F by linear least squares for each d). Used to refuse
 * a field of view too small to hold the ring.
 */
final class RingScale {

    private RingScale() {
    }

    static double diameterUas(Visibilities vis) {
        double best = Double.NaN;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double d = 10; d <= 200; d += 0.5) {
            double rad = d * ImageGrid.UAS;
            double sxy = 0;
            double sxx = 0;
            double[] m = new double[vis.size()];
            for (int k = 0; k < vis.size(); k++) {
                double w = 1 / (vis.sigma()[k] * vis.sigma()[k] + Math.pow(0.1 * vis.amplitude(k), 2));
                m[k] = Math.abs(BesselJ.value(0, Math.PI * rad * vis.uvDistance(k)));
                sxy += w * m[k] * vis.amplitude(k);
                sxx += w * m[k] * m[k];
            }
            double f = sxx > 0 ? sxy / sxx : 0;
            double cost = 0;
            for (int k = 0; k < vis.size(); k++) {
                double w = 1 / (vis.sigma()[k] * vis.sigma()[k] + Math.pow(0.1 * vis.amplitude(k), 2));
                double r = f * m[k] - vis.amplitude(k);
                cost += w * r * r;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = d;
            }
        }
        return best;
    }
}
