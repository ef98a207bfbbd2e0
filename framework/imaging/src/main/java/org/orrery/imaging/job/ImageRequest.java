package org.orrery.imaging.job;

import java.nio.file.Path;
import java.util.List;

/**
 * What to image and how.
 *
 * @param observation   UVFITS file
 * @param priors        prior ids; several give a gallery
 * @param out           output directory (must not exist, or be empty)
 * @param pixels        image side in pixels
 * @param fovUas        field of view in micro-arcseconds
 * @param data          data products fitted
 * @param samples       posterior draws kept per prior
 * @param seed          random seed
 * @param systematic    fractional systematic noise added to every visibility σ
 * @param fluxJy        total compact flux the images are tied to
 * @param scanGapSeconds records separated by more than this start a new scan (averaging, closures)
 */
public record ImageRequest(Path observation, List<String> priors, Path out, int pixels, double fovUas, DataMode data,
        int samples, long seed, double systematic, double fluxJy, double scanGapSeconds) {

    /** Which data products the likelihood uses. */
    public enum DataMode {
        /** Closure phases and log closure amplitudes (insensitive to station gains), plus total flux. */
        CLOSURES,
        /** Complex visibilities, plus total flux. */
        VISIBILITIES
    }

    public ImageRequest {
        if (observation == null || out == null) {
            throw new IllegalArgumentException("an observation file and an output directory are required");
        }
        if (priors == null || priors.isEmpty()) {
            throw new IllegalArgumentException("at least one prior id is required");
        }
        priors = List.copyOf(priors);
        if (priors.stream().distinct().count() != priors.size()) {
            throw new IllegalArgumentException("prior ids repeat: " + priors);
        }
        if (pixels < 8 || pixels > 256) {
            throw new IllegalArgumentException("--pixels must be within 8..256, got " + pixels);
        }
        if (!(fovUas > 0) || !Double.isFinite(fovUas)) {
            throw new IllegalArgumentException("--fov-uas must be > 0, got " + fovUas);
        }
        if (samples < 2 || samples > 100_000) {
            throw new IllegalArgumentException("--num-samples must be within 2..100000, got " + samples);
        }
        if (!(systematic >= 0 && systematic < 1)) {
            throw new IllegalArgumentException("systematic noise fraction must be in [0, 1), got " + systematic);
        }
        if (!(fluxJy > 0)) {
            throw new IllegalArgumentException("total flux must be > 0 Jy, got " + fluxJy);
        }
        if (!(scanGapSeconds > 0)) {
            throw new IllegalArgumentException("scan gap must be > 0 s, got " + scanGapSeconds);
        }
        data = data == null ? DataMode.CLOSURES : data;
    }

    /** EHT-like defaults: 64 px over 160 µas, closures, 2 % systematic noise, 0.6 Jy, 2-minute scan gaps. */
    public static ImageRequest of(Path observation, List<String> priors, Path out) {
        return new ImageRequest(observation, priors, out, 64, 160, DataMode.CLOSURES, 100, 1, 0.02, 0.6, 120);
    }
}
