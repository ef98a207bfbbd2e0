package org.orrery.posteriors.imaging.internal;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;

/**
 * What the classical regularisers on positive images (TSV, MEM) share: an id, the grid, a flux
 * check, positivity, and a reference image (a centred blob holding the flux) that serves as their
 * draw, since these priors are for imaging, not generation.
 */
abstract class PositiveImagePrior implements ImagePrior {

    private final String id;
    protected final ImageGrid grid;
    /** The reference image of total flux F: a centred Gaussian blob. */
    protected final double[] reference;

    PositiveImagePrior(String id, ImageGrid grid, double flux, double blobFwhmUas) {
        if (!(flux > 0)) {
            throw new IllegalArgumentException(id + " prior needs a total flux > 0, got " + flux);
        }
        this.id = id;
        this.grid = grid;
        this.reference = Blob.image(grid, flux, blobFwhmUas);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final ArraySpec field() {
        return new ArraySpec("image", new int[] {grid.ny(), grid.nx()}, "Jy/pixel", ArraySpec.Kind.IMAGE);
    }

    @Override
    public final boolean positive() {
        return true;
    }

    /** The reference image (no random draw: this prior serves imaging). */
    @Override
    public double[] sample(UniformRandomProvider rng) {
        return reference.clone();
    }
}
