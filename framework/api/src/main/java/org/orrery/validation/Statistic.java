package org.orrery.validation;

import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A summary statistic of one field or point set (power spectrum, ξ(r), kNN-CDF, v₁₂(r)), computed on
 * every member of a generated and a reference ensemble and compared.
 */
@ConsumerType
public interface Statistic {

    String id();

    /** True when the statistic can be computed on arrays of this kind (grid, points, …). */
    boolean accepts(ArraySpec spec);

    /**
     * @param values     flat row-major values described by {@code spec}
     * @param velocities for point sets, flat [n, 3] velocities, or null
     */
    List<Series> compute(double[] values, ArraySpec spec, double[] velocities, Box box);
}
