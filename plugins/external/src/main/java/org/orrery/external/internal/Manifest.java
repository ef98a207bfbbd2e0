package org.orrery.external.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;

/**
 * A parsed {@code *.simulator.yaml}: everything needed to run an external program as a simulator.
 *
 * @param file        the manifest file (absolute)
 * @param id          the simulator id users type
 * @param version     the simulator's version, recorded in banks
 * @param name        display name
 * @param description one line
 * @param parameters  θ components in order, with units, LaTeX labels and bounds
 * @param priors      one prior per parameter, same order
 * @param outputs     the observable first, then the latents
 * @param command     argv; placeholders are expanded per simulation (see {@link PerCallRunner})
 * @param workingDir  the process's working directory; null means the simulation's scratch directory
 * @param environment extra environment variables
 * @param timeout     per-simulation limit
 * @param mode        exchange mode
 */
public record Manifest(Path file, String id, String version, String name, String description,
                       List<Parameter> parameters, List<PriorSpec> priors, List<ArraySpec> outputs,
                       List<String> command, Path workingDir, Map<String, String> environment,
                       Duration timeout, Mode mode) {

    /** How θ goes in and x comes out. */
    public enum Mode {
        /** One process per simulation; inputs as arguments, environment and a JSON file; outputs as files. */
        PER_CALL("per-call"),
        /** One long-running process per campaign lane speaking the framed stdin/stdout protocol. */
        WORKER("worker");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** A one-dimensional prior: {@code uniform(a, b)}, {@code normal(mu, sigma)} or {@code loguniform(a, b)}. */
    public record PriorSpec(String family, double a, double b) {
        public String describe() {
            return family + "(" + fmt(a) + ", " + fmt(b) + ")";
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
        }
    }

    public Path directory() {
        return file.getParent();
    }
}
