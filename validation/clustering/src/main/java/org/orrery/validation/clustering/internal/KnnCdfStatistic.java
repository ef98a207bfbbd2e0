package org.orrery.validation.clustering.internal;

import org.orrery.mesh.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.validation.Series;
import org.orrery.validation.Statistic;
import org.osgi.service.component.annotations.Component;

/**
 * kNN-CDFs for k = 1, 2, 4, 8 on 40 log-spaced radii from 0.2 to 3 mean separations (V/N)^(1/3),
 * with as many random queries as points. The query stream has a fixed seed so that the statistic
 * is a deterministic function of the point set (members of an ensemble see the same queries).
 */
@Component(service = Statistic.class)
@OrreryPlugin(id = KnnCdfStatistic.PLUGIN_ID,
        name = "kNN-CDF",
        description = "CDF and peaked CDF of k-th nearest-neighbour distances from random points, periodic")
public final class KnnCdfStatistic implements Statistic {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "knn_cdf";

    static final int[] KS = {1, 2, 4, 8};
    static final long QUERY_SEED = 0x6b6e6e63646676L;

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public boolean accepts(ArraySpec spec) {
        return Inputs.isPoints3d(spec);
    }

    @Override
    public List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box) {
        double[] pos = Inputs.points3d(values, spec, box, "knn_cdf");
        int n = pos.length / 3;
        double sep = Math.cbrt(Math.pow(box.length(), 3) / n);
        double[] r = Inputs.logEdges(0.2 * sep, 3 * sep, 39);
        KnnCdf.Cdf c = KnnCdf.cdf(pos, box.length(), KS, r, n, RandomSource.XO_RO_SHI_RO_128_PP.create(QUERY_SEED),
                Parallel.defaultThreads());
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < KS.length; i++) {
            out.add(new Series("cdf_k" + KS[i], "r [Mpc/h]", "CDF", r, c.cdf()[i], null, null));
        }
        for (int i = 0; i < KS.length; i++) {
            out.add(new Series("peaked_cdf_k" + KS[i], "r [Mpc/h]", "peaked CDF", r, c.peaked()[i], null, null));
        }
        return out;
    }
}
