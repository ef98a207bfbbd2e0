package org.orrery.workflow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A posterior to train.
 *
 * @param estimator estimator plugin id
 * @param bank      simulation bank
 * @param out       posterior file to write
 * @param seed      seed for initialisation, validation split and batching
 * @param settings  the estimator's settings (name to value); unknown names are refused
 * @param checkpoints where and how often training state is saved, and whether to resume from it
 *                  (null: {@link Checkpoints#defaults(Path)})
 */
public record TrainRequest(String estimator, Path bank, Path out, long seed, Map<String, Object> settings,
        Checkpoints checkpoints) {

    /**
     * Checkpoints at {@code OUT.ckpt} every five minutes, and an interrupted run found there is
     * resumed (pipelines have no --resume flag: a re-run picks up where a killed one stopped; a
     * checkpoint of a different run is refused in one line).
     */
    public TrainRequest(String estimator, Path bank, Path out, long seed, Map<String, Object> settings) {
        this(estimator, bank, out, seed, settings, out == null ? null
                : new Checkpoints(Checkpoints.defaults(out).file(), Checkpoints.DEFAULT_EVERY, true));
    }

    public TrainRequest {
        if (estimator == null || estimator.isBlank()) {
            throw new WorkflowException("estimator", "must name an estimator plugin, got: " + estimator, null);
        }
        if (bank == null || out == null) {
            throw new WorkflowException("a training run needs a bank and an output file");
        }
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
        checkpoints = checkpoints == null ? Checkpoints.defaults(out) : checkpoints;
    }

    /**
     * Training checkpoints: the estimator's state is written atomically to {@code file} after the
     * first epoch that ends {@code every} after the previous save ({@link Duration#ZERO}: after every
     * epoch); {@code resume} continues an interrupted run from it. The file is removed once the
     * posterior file is written. A null file turns checkpoints off.
     */
    public record Checkpoints(Path file, Duration every, boolean resume) {
        /** How often by default: every five minutes. */
        public static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);

        public Checkpoints {
            every = every == null ? DEFAULT_EVERY : every;
            if (every.isNegative()) {
                throw new WorkflowException("checkpoint-every", "must be zero or positive, got: " + every, null);
            }
            if (resume && file == null) {
                throw new WorkflowException("resume needs a checkpoint file");
            }
        }

        /** {@code OUT.ckpt} every five minutes, no resume. */
        public static Checkpoints defaults(Path out) {
            return new Checkpoints(out == null ? null : out.resolveSibling(out.getFileName() + ".ckpt"), DEFAULT_EVERY, false);
        }

        public static Checkpoints off() {
            return new Checkpoints(null, DEFAULT_EVERY, false);
        }
    }
}
