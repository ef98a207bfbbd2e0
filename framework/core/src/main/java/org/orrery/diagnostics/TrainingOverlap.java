package org.orrery.diagnostics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.orrery.bank.BankMetadata;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * Whether a held-out bank repeats the data a posterior was trained on: the same file, a copy of it
 * (same size and SHA-256), or a campaign of the same simulator with the same seed (whose
 * simulations are the training simulations again, since a seed fixes every draw). Calibration
 * checks on such a bank measure memory, not calibration, and pass when they should not.
 */
public final class TrainingOverlap {

    private TrainingOverlap() {
    }

    /**
     * A one-line reason when {@code heldOut} repeats the training data, empty when it does not (or
     * cannot be told: a posterior file from before the training bank was recorded, with another path).
     */
    public static Optional<String> check(PosteriorFile.Contents posterior, Path heldOut, BankMetadata heldOutMeta) {
        String trainedOn = posterior.training().map(PosteriorFile.TrainingBank::path).orElse(posterior.header().bank());
        if (!trainedOn.isEmpty() && samePath(Path.of(trainedOn), heldOut)) {
            return Optional.of("the held-out bank " + heldOut + " is the bank the posterior was trained on");
        }
        if (posterior.training().isEmpty()) {
            return Optional.empty();
        }
        PosteriorFile.TrainingBank t = posterior.training().get();
        if (t.simulatorId().equals(heldOutMeta.simulatorId()) && t.seed() == heldOutMeta.seed()) {
            return Optional.of("the held-out bank " + heldOut + " was simulated by " + t.simulatorId() + " with seed " + t.seed()
                    + ", the training bank's seed: its simulations repeat the training set (simulate it with another seed)");
        }
        try {
            if (Files.size(heldOut) == t.size() && !t.sha256().isEmpty()
                    && PosteriorFile.TrainingBank.of(heldOut, heldOutMeta, 0).sha256().equals(t.sha256())) {
                return Optional.of("the held-out bank " + heldOut + " is a copy of the training bank " + t.path()
                        + " (same SHA-256)");
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean samePath(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException ignored) {
            // fall through to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
