package org.orrery.imaging;

/** What a likelihood term compares: the EHT imaging data products. */
public enum DataProduct {
    /** Complex visibilities. */
    VIS,
    /** Visibility amplitudes. */
    AMP,
    /** Closure phases on a non-redundant set of triangles. */
    CPHASE,
    /** Debiased log closure amplitudes on a non-redundant set of quadrangles. */
    LOGCAMP,
    /** The total-flux constraint. */
    FLUX
}
