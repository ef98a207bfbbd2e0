package org.orrery.workflow;

import java.nio.file.Path;
import org.orrery.bank.EnsembleFile;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.io.BadInputException;

/**
 * One input file of an ensemble for the statistics use case: the core's {@link EnsembleFile} (a
 * campaign bank through the one bank reader, or a plain ensemble file through the same row reader),
 * with its failures worded as the request field that named the file ({@code generated},
 * {@code reference}). No file format is read here.
 */
public final class StatsInput implements AutoCloseable {

    static final String VELOCITIES = EnsembleFile.VELOCITIES;

    /** Root attribute {@code format} of an Orrery bank. */
    public static final String BANK_FORMAT = EnsembleFile.BANK_FORMAT;

    private final String option;
    private final EnsembleFile file;

    private StatsInput(String option, EnsembleFile file) {
        this.option = option;
        this.file = file;
    }

    /**
     * Opens {@code path} and finds its dataset: {@code requested}, or the first of {@code defaults}
     * that exists.
     *
     * @param option the request field that named the file ({@code generated} or {@code reference}), for messages
     */
    static StatsInput open(Path path, String option, String requested, String... defaults) {
        try {
            return new StatsInput(option, EnsembleFile.open(path, requested, defaults));
        } catch (BadInputException e) {
            throw failure(option, path, e);
        }
    }

    /** True when the file has a dataset for {@code name} (directly or as the bank observable). */
    static boolean has(Path path, String name) {
        return EnsembleFile.has(path, name);
    }

    /** A message that starts with the path follows the field's name; any other one after a colon. */
    private static WorkflowException failure(String option, Path path, BadInputException e) {
        String m = e.getMessage();
        return new WorkflowException(option, m.startsWith(path + ": ") ? m : ": " + m, e);
    }

    private <T> T call(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BadInputException e) {
            throw failure(option, file.path(), e);
        }
    }

    Path path() {
        return file.path();
    }

    String name() {
        return file.name();
    }

    ArraySpec.Kind kind() {
        return file.kind();
    }

    Box box() {
        return file.box();
    }

    int members() {
        return file.members();
    }

    boolean hasVelocities() {
        return file.hasVelocities();
    }

    /** Shape of member {@code m}: the field extents, or [points, d]. */
    int[] shape(int m) {
        return file.shape(m);
    }

    /** The array description a statistic receives for member {@code m}. */
    ArraySpec spec(int m) {
        return file.spec(m);
    }

    /** Member {@code m}'s values, flat row-major, all finite. */
    double[] values(int m) {
        return call(() -> file.values(m));
    }

    /** Member {@code m}'s velocities [n, d] flat, or null when the file has none. */
    double[] velocities(int m) {
        return call(() -> file.velocities(m));
    }

    @Override
    public void close() {
        file.close();
    }
}
