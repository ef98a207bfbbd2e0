package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.imaging.ImageGrid;
import org.orrery.imaging.ImagePrior;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.data.SimulationSet;
import org.orrery.posterior.TrainingListener;
import org.orrery.prior.GenerativePrior;
import org.orrery.prior.TrainableGenerativePrior;
import org.osgi.service.component.annotations.Component;

/**
 * A learned (score-based, diffusion) image prior: a noise-conditional U-Net trained by denoising
 * score matching on the images of an image simulator ({@link ScoreTrainer}), loaded from a
 * {@code .oscp} file ({@link ScorePriorCodec}). It gives only the smoothed score
 * ∇ log p_σ(x) (no log-density), so the imaging job samples with denoise / data-proximal step /
 * re-noise ({@code ProximalDiffusion}), which needs only that score.
 *
 * <p>Units: the network sees u = c·x with c = F₀ / (F · scale), F₀ the training images' mean flux and
 * F the flux asked for in {@link #on}; so a prior trained at 0.6 Jy images a 0.5 Jy source with
 * the same shapes. ∇ₓ log p_σ(x) = c · ∇ᵤ log p_{cσ}(u). The grid must be the trained one.
 *
 * <p>The registered service {@code score_prior} holds no weights; configure its {@code weights}
 * setting with a file ({@code orrery image --prior FILE.oscp} does this). It is trained by
 * {@code orrery train --estimator score_prior --bank images.h5 --out FILE.oscp} ({@link ScorePriorTraining}).
 */
@Component(service = GenerativePrior.class, property = {
    ID + "=score_prior",
    NAME + "=Score-based (diffusion) image prior",
    DESCRIPTION + "=noise-conditional U-Net trained by denoising score matching on simulated images; weights from a .oscp file"})
public final class ScorePrior implements ImagePrior, Configurable<GenerativePrior>, TrainableGenerativePrior {

    static final Setting WEIGHTS = Setting.text("weights", "", "score-prior file (.oscp) written by the trainer");

    private final ScoreNet net;
    private final String provenance;
    private final Path source;
    private final double c;

    public ScorePrior() {
        this(null, "", null, 1);
    }

    ScorePrior(ScoreNet net, String provenance, Path source, double c) {
        this.net = net;
        this.provenance = provenance;
        this.source = source;
        this.c = c;
    }

    /** The prior in a file, at its training flux. */
    public static ScorePrior load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString(), file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("score prior: no such file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? "cannot read " + file : e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The prior in a stream (a shipped resource), at its training flux; {@code name} names it in errors. */
    static ScorePrior load(InputStream in, String name, Path source) throws IOException {
        ScorePriorCodec.Contents k = ScorePriorCodec.read(new java.io.BufferedInputStream(in), name);
        ScoreNet net = new ScoreNet(k.config(), k.mean(), k.weights());
        return new ScorePrior(net, k.provenance(), source, 1 / k.config().scale());
    }

    @Override
    public List<Setting> settings() {
        return List.of(WEIGHTS);
    }

    @Override
    public GenerativePrior configure(SettingValues values) {
        String w = values.text(WEIGHTS.name());
        return w == null || w.isBlank() ? this : load(Path.of(w));
    }

    @Override
    public List<Setting> trainingSettings() {
        return ScorePriorTraining.settings();
    }

    @Override
    public String fileSuffix() {
        return ".oscp";
    }

    @Override
    public void train(SimulationSet data, SettingValues settings, long seed, String source, TrainingListener listener, java.io.OutputStream out)
            throws IOException {
        double[][] images = ScorePriorTraining.images(data, settings);
        ScorePriorTraining.train(images, settings, seed, source, null, listener, null, out);
    }

    ScoreNet net() {
        if (net == null) {
            throw new IllegalArgumentException("prior 'score_prior' has no weights: give a trained file, e.g. --prior my-prior.oscp");
        }
        return net;
    }

    @Override
    public ImagePrior on(ImageGrid grid, double totalFluxJy) {
        ScoreNet.Config k = net().config;
        if (grid.nx() != k.nx() || grid.ny() != k.ny() || Math.abs(grid.pixelUas() * grid.nx() - k.fovUas()) > 1e-6 * k.fovUas()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "score prior %s was trained on %dx%d pixels over %.0f uas; this run asks for %dx%d over %.0f uas (use --pixels %d --fov-uas %.0f)",
                    source == null ? "" : source.getFileName(), k.nx(), k.ny(), k.fovUas(), grid.nx(), grid.ny(), grid.pixelUas() * grid.nx(),
                    k.nx(), k.fovUas()));
        }
        if (!(totalFluxJy > 0)) {
            throw new IllegalArgumentException("score prior needs a total flux > 0, got " + totalFluxJy);
        }
        return new ScorePrior(net, provenance, source, k.fluxJy() / (totalFluxJy * k.scale()));
    }

    @Override
    public String id() {
        return "score_prior";
    }

    /** How the weights were made (simulators, image count, seed, steps), as stored in the file. */
    public String provenance() {
        return provenance;
    }

    /** Smallest and largest noise level the network was trained on, in Jy per pixel at this prior's flux. */
    @Override
    public double[] sigmaRange() {
        ScoreNet.Config k = net().config;
        return new double[] {k.sigmaMin() / c, k.sigmaMax() / c};
    }

    @Override
    public ArraySpec field() {
        ScoreNet.Config k = net().config;
        return new ArraySpec("image", new int[] {k.ny(), k.nx()}, "Jy/pixel", ArraySpec.Kind.IMAGE);
    }

    @Override
    public boolean smoothedScore() {
        return true;
    }

    @Override
    public double[] score(double[] field, double sigma) {
        return scores(new double[][] {field}, sigma)[0];
    }

    @Override
    public double[][] scores(double[][] fields, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("a score prior gives the score at a noise level > 0, got " + sigma);
        }
        ScoreNet n = net();
        double[][] u = new double[fields.length][];
        for (int k = 0; k < fields.length; k++) {
            double[] x = fields[k];
            u[k] = new double[x.length];
            for (int p = 0; p < x.length; p++) {
                u[k][p] = c * x[p];
            }
        }
        double[][] s = n.score(u, c * sigma);
        if (!allFinite(s) && allFinite(u)) {
            // libtorch through DJL now and then returns non-finite values for finite inputs (open
            // defect, issue 13); the same call repeated gives finite ones, so retry once
            s = n.score(u, c * sigma);
            if (!allFinite(s)) {
                double big = 0;
                for (double[] x : fields) {
                    for (double v : x) {
                        big = Math.max(big, Math.abs(v));
                    }
                }
                throw new ArithmeticException(String.format(Locale.ROOT,
                        "score prior: the network returned non-finite scores twice for finite images at noise level %.3g (largest |pixel| %.3g Jy)", sigma, big));
            }
        }
        for (double[] row : s) {
            for (int p = 0; p < row.length; p++) {
                row[p] *= c;
            }
        }
        return s;
    }

    private static boolean allFinite(double[][] xs) {
        for (double[] x : xs) {
            for (double v : x) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One draw by annealed Langevin dynamics on the learned score alone (Song &amp; Ermon 2019):
     * 20 geometric noise levels from the largest to the smallest trained, 50 steps each with
     * α = 0.05·σ² (network units). For looking at the prior, not for imaging.
     */
    @Override
    public double[] sample(UniformRandomProvider rng) {
        ScoreNet n = net();
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double smax = n.config.sigmaMax();
        double smin = n.config.sigmaMin();
        int levels = 20;
        int steps = 50;
        double[] u = new double[n.config.pixels()];
        for (int p = 0; p < u.length; p++) {
            u[p] = n.mean[p] + smax * gauss.sample();
        }
        for (int k = 0; k < levels; k++) {
            double sigma = smax * Math.pow(smin / smax, k / (double) (levels - 1));
            double alpha = 0.05 * sigma * sigma;
            for (int t = 0; t < steps; t++) {
                double[] s = n.score(new double[][] {u}, sigma)[0];
                for (int p = 0; p < u.length; p++) {
                    u[p] += alpha * s[p] + Math.sqrt(2 * alpha) * gauss.sample();
                }
            }
        }
        for (int p = 0; p < u.length; p++) {
            u[p] /= c;
        }
        return u;
    }
}
