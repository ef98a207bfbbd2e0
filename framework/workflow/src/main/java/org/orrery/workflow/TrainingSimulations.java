package org.orrery.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.data.ArraySpec;
import org.orrery.io.BadInputException;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * The simulations a posterior was trained on, as far as {@code infer} can still reach them: the
 * training bank recorded in the posterior file, if it is still there unchanged (same size), read at
 * up to {@link #MAX_ROWS} evenly spaced rows and {@link #MAX_VALUES} values in all, so that a bank of
 * fields larger than the heap costs a bounded read. What the out-of-distribution score compares the
 * observation with.
 *
 * @param path        the training bank's path as recorded ("" when none was)
 * @param prior       the prior the training parameters were drawn from, as recorded ("" when unknown)
 * @param x           observables of the training simulations read, or null when unavailable
 * @param unavailable why {@code x} is null (one line), or null
 */
record TrainingSimulations(String path, String prior, double[][] x, String unavailable) {

    /** Rows read at most: enough to resolve a 0.1 % tail fraction. */
    static final int MAX_ROWS = 5000;
    /** Values read at most (40 MB of doubles; a bank of 64³ fields gives 19 rows, scored per dimension). */
    static final long MAX_VALUES = 5_000_000L;

    static TrainingSimulations of(PosteriorFile.Contents contents, ArraySpec observable) {
        String path = contents.training().map(PosteriorFile.TrainingBank::path).orElse(contents.header().bank());
        String prior = contents.training().map(PosteriorFile.TrainingBank::prior).orElse("");
        if (path.isEmpty()) {
            return new TrainingSimulations("", prior, null, "the posterior file does not record its training bank");
        }
        Path bank = Path.of(path);
        if (!Files.isRegularFile(bank)) {
            return new TrainingSimulations(path, prior, null, "the training bank " + path + " is no longer there");
        }
        try {
            if (contents.training().isPresent() && Files.size(bank) != contents.training().get().size()) {
                return new TrainingSimulations(path, prior, null, "the training bank " + path
                        + " has changed since training (its size differs)");
            }
        } catch (java.io.IOException e) {
            return new TrainingSimulations(path, prior, null, "cannot read the training bank " + path);
        }
        try (BankView view = BankReader.open(bank)) {
            String p = prior.isEmpty() ? view.metadata().prior() : prior;
            if (!view.metadata().observable().equals(observable)) {
                return new TrainingSimulations(path, p, null, "the bank at " + path + " no longer holds the training"
                        + " simulations (its observable differs)");
            }
            int n = view.size();
            if (n < 2) {
                return new TrainingSimulations(path, p, null, "the training bank " + path + " has fewer than 2 simulations");
            }
            int d = Math.max(1, observable.size());
            int rows = (int) Math.max(2, Math.min(Math.min(n, MAX_ROWS), MAX_VALUES / d));
            double[][] x = new double[rows][];
            for (int k = 0; k < rows; k++) {
                x[k] = view.x((int) ((long) k * n / rows));
            }
            return new TrainingSimulations(path, p, x, null);
        } catch (BadInputException | java.io.UncheckedIOException e) {
            return new TrainingSimulations(path, prior, null, "cannot read the training bank " + path + ": " + e.getMessage());
        }
    }
}
