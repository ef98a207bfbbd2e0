package org.orrery.imaging;

/**
 * Posterior draws of an image and their summaries: {@code samples[n]} are flat {@code [ny, nx]}
 * images in Jy per pixel.
 */
public record ImageSamples(ImageGrid grid, double[][] samples, double[] mean, double[] std, double acceptance) {

    public int count() {
        return samples.length;
    }
}
