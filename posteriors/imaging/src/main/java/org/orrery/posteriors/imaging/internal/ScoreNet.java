package org.orrery.posteriors.imaging.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.orrery.nn.Layers;
import org.orrery.nn.NamedArray;
import org.orrery.nn.Params;

/**
 * The noise-conditional network of a score prior: a 2-D U-Net with a time embedding
 * ({@link Layers.UNet}) inside the denoiser preconditioning of Karras et al. 2022 (EDM). Images are
 * in network units u = x / scale − m, m the training images' mean (so the data have unit pooled
 * std, σ_d = 1); the denoiser of y = u + σε is D(y, σ) = c_skip y + c_out F(c_in y, t) with
 * c_skip = 1/(1 + σ²), c_out = σ/√(1 + σ²), c_in = 1/√(1 + σ²), t = {@value #T_PER_LOG_SIGMA}·ln σ,
 * and by Tweedie's formula the score of the σ-smoothed density is ∇ log p_σ(y) = (D(y, σ) − y)/σ².
 */
final class ScoreNet {

    static final double T_PER_LOG_SIGMA = 20;
    /** Images per network call at inference (bounds the activations' memory). */
    static final int CHUNK = 64;

    /**
     * @param ny, nx    image shape in pixels (each divisible by 2^(levels − 1))
     * @param fovUas    field of view the prior was trained on
     * @param channels  U-Net channels per level
     * @param temb      time-embedding width
     * @param groups    GroupNorm groups
     * @param sigmaMin  smallest trained noise level, network units
     * @param sigmaMax  largest trained noise level, network units
     * @param scale     Jy per pixel of one network unit (the pooled pixel std of the training images)
     * @param fluxJy    mean total flux of the training images
     */
    record Config(int ny, int nx, double fovUas, int[] channels, int temb, int groups, double sigmaMin, double sigmaMax,
            double scale, double fluxJy) {
        Config {
            int div = 1 << (channels.length - 1);
            if (ny < 2 || nx < 2 || ny % div != 0 || nx % div != 0) {
                throw new IllegalArgumentException("score network: image " + ny + "x" + nx + " must be divisible by " + div
                        + " for " + channels.length + " U-Net levels");
            }
            if (!(fovUas > 0) || !(sigmaMin > 0) || !(sigmaMax > sigmaMin) || !(scale > 0) || !(fluxJy > 0) || temb < 2 || groups < 1) {
                throw new IllegalArgumentException("bad score network config: fov " + fovUas + " uas, sigma " + sigmaMin + " .. "
                        + sigmaMax + ", scale " + scale + ", flux " + fluxJy + ", temb " + temb + ", groups " + groups);
            }
            for (int c : channels) {
                if (c < 1 || c % Math.min(groups, c) != 0) {
                    throw new IllegalArgumentException("score network: channels " + Arrays.toString(channels) + " do not split into "
                            + groups + " groups");
                }
            }
            channels = channels.clone();
        }

        int pixels() {
            return ny * nx;
        }
    }

    final Config config;
    final Params params;
    /** The training images' mean, in units of scale (subtracted before the network). */
    final float[] mean;
    private final Layers.UNet unet;

    ScoreNet(Config config, float[] mean, long seed) {
        if (mean.length != config.pixels()) {
            throw new IllegalArgumentException("score network: mean image has " + mean.length + " pixels, the network " + config.pixels());
        }
        this.config = config;
        this.mean = mean.clone();
        this.params = new Params(seed);
        this.unet = new Layers.UNet(params, "score", 2, 1, 1, config.channels(), config.temb(), config.groups(), false);
    }

    ScoreNet(Config config, float[] mean, List<NamedArray> weights) {
        this(config, mean, 0L);
        params.load(weights);
    }

    /** D(y, σ) for noisy centred images y [B, 1, ny, nx] at noise levels sigma [B]; builds a graph when recording. */
    NDArray denoise(NDArray y, NDArray sigma) {
        NDArray s = sigma.reshape(-1, 1, 1, 1);
        NDArray v = s.square().add(1);
        NDArray cin = v.sqrt().pow(-1);
        NDArray cout = s.mul(cin);
        NDArray cskip = v.pow(-1);
        NDArray t = sigma.log().mul(T_PER_LOG_SIGMA);
        return y.mul(cskip).add(unet.forward(y.mul(cin), t).mul(cout));
    }

    /** ∇ log p_σ of each image (in units of scale, not centred; flat row-major) at one noise level σ (same units). */
    double[][] score(double[][] u, double sigma) {
        int n = config.pixels();
        double[][] out = new double[u.length][];
        NDManager m = params.manager();
        for (int from = 0; from < u.length; from += CHUNK) {
            int b = Math.min(CHUNK, u.length - from);
            float[] buf = new float[b * n];
            for (int k = 0; k < b; k++) {
                double[] x = u[from + k];
                if (x.length != n) {
                    throw new IllegalArgumentException("score prior: image has " + x.length + " pixels, the network " + n);
                }
                for (int p = 0; p < n; p++) {
                    buf[k * n + p] = (float) (x[p] - mean[p]);
                }
            }
            float[] diff;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = m.create(buf, new Shape(b, 1, config.ny(), config.nx()));
                float[] s = new float[b];
                Arrays.fill(s, (float) sigma);
                diff = denoise(x, m.create(s)).sub(x).toFloatArray();
            }
            for (int k = 0; k < b; k++) {
                double[] sc = new double[n];
                for (int p = 0; p < n; p++) {
                    sc[p] = diff[k * n + p] / (sigma * sigma);
                }
                out[from + k] = sc;
            }
        }
        return out;
    }
}
