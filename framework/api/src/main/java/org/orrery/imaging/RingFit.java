package org.orrery.imaging;

/**
 * Ring parameters of one image, measured as in EHT M87 Paper IV (ring extraction): the centre
 * that makes the radius of peak brightness most uniform with angle, the diameter (twice the mean
 * peak radius), the width (mean FWHM of the radial profiles), the position angle of the
 * brightness asymmetry (degrees east of north) and its fractional amplitude.
 */
public record RingFit(double diameterUas, double widthUas, double positionAngleDeg, double asymmetry,
        double centreXUas, double centreYUas) {
}
