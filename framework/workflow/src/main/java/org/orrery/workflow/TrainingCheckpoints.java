package org.orrery.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.orrery.io.BadInputException;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.TrainingCheckpoint;
import org.orrery.posteriorfile.PosteriorFile;

/**
 * The host's side of training checkpoints: the estimator's state goes into a checkpoint file (the
 * posterior-file container, written by temp file + rename, read back through the same size and
 * checksum checks) with a header that describes the run, so that {@code --resume} can refuse a
 * checkpoint of another run in one line.
 */
final class TrainingCheckpoints implements TrainingCheckpoint {

    private final Path file;
    private final long everyNanos;
    private final PosteriorFile.Header run;
    private final List<EpochReport> history;
    private final byte[] resume;
    private long lastSave = System.nanoTime();

    private TrainingCheckpoints(Path file, long everyNanos, PosteriorFile.Header run, List<EpochReport> history, byte[] resume) {
        this.file = file;
        this.everyNanos = everyNanos;
        this.run = run;
        this.history = history;
        this.resume = resume;
    }

    /**
     * Checkpoints for {@code run} (its header as the posterior file would have it, without history),
     * resuming when asked and a checkpoint exists. The epochs the checkpoint already covers are added
     * to {@code history}. Refuses a leftover checkpoint without {@code resume}, and a checkpoint of a
     * different run.
     *
     * @return the checkpoints and the creation time the run keeps (the interrupted run's when resuming)
     */
    static TrainingCheckpoints open(TrainRequest.Checkpoints c, PosteriorFile.Header run, List<EpochReport> history,
            WorkflowListener l) {
        if (c.file() == null) {
            return null;
        }
        if (!Files.exists(c.file())) {
            return new TrainingCheckpoints(c.file(), c.every().toNanos(), run, history, null);
        }
        PosteriorFile.Contents saved;
        try {
            saved = PosteriorFile.readCheckpoint(c.file());
        } catch (BadInputException e) {
            throw new WorkflowException(e.getMessage(), e);
        }
        PosteriorFile.Header h = saved.header();
        int epochs = h.history().size();
        if (!c.resume()) {
            throw new WorkflowException(c.file() + " holds the checkpoint of an interrupted training run (" + epochs
                    + " epochs done); pass --resume to continue it, or delete it to start afresh");
        }
        String differs = differs(h, run);
        if (differs != null) {
            throw new WorkflowException("cannot resume from " + c.file() + ": " + differs);
        }
        history.addAll(h.history());
        l.message("resuming from " + c.file() + " after epoch " + epochs);
        PosteriorFile.Header kept = new PosteriorFile.Header(run.formatVersion(), run.estimatorId(), run.estimatorVersion(),
                run.simulatorId(), run.simulatorVersion(), run.parameters(), run.observable(), run.config(), List.of(),
                run.bank(), run.seed(), run.orreryVersion(), created(h.created()));
        return new TrainingCheckpoints(c.file(), c.every().toNanos(), kept, history, saved.payload());
    }

    /**
     * When a run says it was created: {@code SOURCE_DATE_EPOCH} (the reproducible-builds convention)
     * when set, so that equal runs give byte-identical files; otherwise {@code fallback}, or now.
     */
    static Instant created(Instant fallback) {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && !epoch.isBlank()) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
            } catch (NumberFormatException e) {
                throw new WorkflowException("SOURCE_DATE_EPOCH", "must be whole seconds since 1970, got: " + epoch, e);
            }
        }
        return fallback == null ? Instant.now() : fallback;
    }

    /** The header the run keeps: when resuming, the interrupted run's creation time. */
    PosteriorFile.Header run() {
        return run;
    }

    private static String differs(PosteriorFile.Header saved, PosteriorFile.Header run) {
        List<String> d = new ArrayList<>();
        compare(d, "estimator", saved.estimatorId(), run.estimatorId());
        compare(d, "bank", saved.bank(), run.bank());
        compare(d, "simulator", saved.simulatorId() + " " + saved.simulatorVersion(), run.simulatorId() + " " + run.simulatorVersion());
        compare(d, "seed", Long.toString(saved.seed()), Long.toString(run.seed()));
        compare(d, "settings", canonical(saved.config()), canonical(run.config()));
        compare(d, "parameters", saved.parameters().names().toString(), run.parameters().names().toString());
        return d.isEmpty() ? null : "it was written by a different run (" + String.join("; ", d) + ")";
    }

    private static void compare(List<String> d, String what, String saved, String run) {
        if (!saved.equals(run)) {
            d.add(what + " " + saved + " there, " + run + " here");
        }
    }

    private static String canonical(Map<String, Object> m) {
        return new TreeMap<>(m).toString();
    }

    @Override
    public boolean due(int epoch) {
        return System.nanoTime() - lastSave >= everyNanos;
    }

    @Override
    public void save(int epoch, byte[] state) {
        if (epoch != history.size()) {
            throw new IllegalStateException("checkpoint after epoch " + epoch + " but " + history.size() + " epochs were reported");
        }
        var h = new PosteriorFile.Header(run.formatVersion(), run.estimatorId(), run.estimatorVersion(), run.simulatorId(),
                run.simulatorVersion(), run.parameters(), run.observable(), run.config(), List.copyOf(history), run.bank(),
                run.seed(), run.orreryVersion(), run.created());
        PosteriorFile.writeCheckpoint(file, h, state);
        lastSave = System.nanoTime();
    }

    @Override
    public Optional<byte[]> resume() {
        return Optional.ofNullable(resume == null ? null : resume.clone());
    }

    /** Removes the checkpoint once the posterior file it led to is written. */
    void finished() {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new WorkflowException("wrote the posterior, but cannot remove the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
