package org.orrery.posteriors.imaging.internal;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;

/**
 * A score prior whose weights ship inside this bundle ({@code /score-priors/NAME.oscp}, made by
 * {@code bench/train-score-priors.sh}), chosen by id like the classical priors
 * ({@code orrery image --prior score_ring}). The file is read on first use. Its grid is the
 * trained one (32 × 32 over 160 µas): another --pixels/--fov-uas is refused in one line naming both.
 */
abstract class ShippedScorePrior implements ImagePrior {

    private final String id;
    private final String resource;
    private volatile ScorePrior prior;

    ShippedScorePrior(String id, String resource) {
        this.id = id;
        this.resource = resource;
    }

    /** The shipped prior, read from the bundle on first use. */
    ScorePrior prior() {
        ScorePrior p = prior;
        if (p == null) {
            synchronized (this) {
                p = prior;
                if (p == null) {
                    try (InputStream in = ShippedScorePrior.class.getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalStateException("prior " + id + ": its weights " + resource + " are missing from the bundle");
                        }
                        p = ScorePrior.load(in, id + " (" + resource + ")", null);
                    } catch (IOException e) {
                        throw new IllegalStateException("prior " + id + ": " + e.getMessage(), e);
                    }
                    prior = p;
                }
            }
        }
        return p;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ImagePrior on(ImageGrid grid, double totalFluxJy) {
        return prior().on(grid, totalFluxJy);
    }

    @Override
    public boolean smoothedScore() {
        return true;
    }

    @Override
    public double[] sigmaRange() {
        return prior().sigmaRange();
    }

    @Override
    public ArraySpec field() {
        return prior().field();
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        return prior().sample(rng);
    }

    @Override
    public double[] score(double[] field, double sigma) {
        return prior().score(field, sigma);
    }

    @Override
    public double[][] scores(double[][] fields, double sigma) {
        return prior().scores(fields, sigma);
    }

    /** How the shipped weights were made (stored in the file). */
    public String provenance() {
        return prior().provenance();
    }
}
