package org.orrery.data;

/**
 * Geometry of a periodic simulation volume, attached to field and point-set outputs so that
 * statistics can compute wavenumbers and separations.
 *
 * @param length   side of the cube in Mpc/h
 * @param grid     cells per side for fields (0 for pure point sets)
 * @param dims     2 or 3
 * @param redshift redshift of the output
 */
public record Box(double length, int grid, int dims, double redshift) {
    public Box {
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("box length must be positive and finite, got: " + length);
        }
        if (grid < 0) {
            throw new IllegalArgumentException("grid must be >= 0, got: " + grid);
        }
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("box dims must be 2 or 3, got: " + dims);
        }
        if (!(redshift >= 0)) {
            throw new IllegalArgumentException("redshift must be >= 0, got: " + redshift);
        }
    }
}
