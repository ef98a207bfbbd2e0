package org.orrery.validation.clustering.internal;

import org.orrery.mesh.MassAssignment;
import org.orrery.mesh.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/**
 * P(k) monopole (with its Gaussian band (P + P_shot)·√(2/N_modes)), quadrupole and hexadecapole
 * along array axis 0. Grids are taken as the density contrast δ; point sets are painted with CIC
 * and interlacing on {@code box.grid()} cells per side (128 in 3-D, 512 in 2-D when the box has no grid).
 */
@Component(service = Statistic.class)
@OrreryPlugin(id = PowerSpectrumStatistic.PLUGIN_ID,
        name = "Power spectrum",
        description = "P(k) monopole, quadrupole, hexadecapole of grids or point sets (Pylians convention)")
public final class PowerSpectrumStatistic implements Statistic {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "power_spectrum";

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public boolean accepts(ArraySpec spec) {
        int[] s = spec.shape();
        if (spec.kind() == ArraySpec.Kind.GRID || spec.kind() == ArraySpec.Kind.IMAGE) {
            return (s.length == 2 || s.length == 3) && Arrays.stream(s).allMatch(d -> d == s[0] && d % 2 == 0);
        }
        return spec.kind() == ArraySpec.Kind.POINTS && s.length == 2 && (s[1] == 2 || s[1] == 3);
    }

    @Override
    public List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box) {
        if (!accepts(spec)) {
            throw new IllegalArgumentException("power_spectrum needs an even cubic/square grid or a [n, 2|3] point set, got " + spec);
        }
        if (box == null) {
            throw new IllegalArgumentException("power_spectrum needs the box size of " + spec.name());
        }
        int threads = Parallel.defaultThreads();
        PowerSpectrum.Result r;
        if (spec.kind() == ArraySpec.Kind.POINTS) {
            int dims = spec.shape()[1];
            int grid = box.grid() > 0 ? box.grid() + box.grid() % 2 : dims == 3 ? 128 : 512;
            r = PowerSpectrum.ofPoints(values, dims, box.length(), grid, MassAssignment.CIC, true, 0, threads);
        } else {
            int[] s = spec.shape();
            r = PowerSpectrum.ofField(values, s[0], s.length, box.length(), 0, threads);
        }
        double shot = Double.isNaN(r.shotNoise()) ? 0 : r.shotNoise();
        double[] lo = new double[r.k().length];
        double[] hi = new double[r.k().length];
        for (int i = 0; i < lo.length; i++) {
            double sigma = (r.p0()[i] + shot) * Math.sqrt(2.0 / r.modes()[i]);
            lo[i] = r.p0()[i] - sigma;
            hi[i] = r.p0()[i] + sigma;
        }
        String unit = spec.kind() == ArraySpec.Kind.POINTS && spec.shape()[1] == 2 || spec.rank() == 2 && spec.kind() != ArraySpec.Kind.POINTS
                ? "P(k) [(Mpc/h)^2]" : "P(k) [(Mpc/h)^3]";
        List<Series> out = new ArrayList<>();
        out.add(new Series("P0", "k [h/Mpc]", unit, r.k(), r.p0(), lo, hi).withBins(r.kLow(), r.kHigh()));
        out.add(new Series("P2", "k [h/Mpc]", unit, r.k(), r.p2(), null, null).withBins(r.kLow(), r.kHigh()));
        out.add(new Series("P4", "k [h/Mpc]", unit, r.k(), r.p4(), null, null).withBins(r.kLow(), r.kHigh()));
        if (!Double.isNaN(r.shotNoise())) {
            double[] sn = new double[r.k().length];
            Arrays.fill(sn, r.shotNoise());
            out.add(new Series("shot_noise", "k [h/Mpc]", unit, r.k(), sn, null, null).withBins(r.kLow(), r.kHigh()));
        }
        return out;
    }
}
