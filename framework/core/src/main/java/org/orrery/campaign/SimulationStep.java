package org.orrery.campaign;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.bank.Column;
import org.orrery.data.ArraySpec;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.SimulationContext;
import org.orrery.simulator.Simulator;

/**
 * The pure per-index step of a campaign: (seed, index) → one bank row or a failure. θ is drawn
 * from the prior and then the outputs from the simulator, both from the stream
 * {@link RandomStreams#forSimulation(long, long) (seed, index)}, so a row depends on nothing else —
 * not on the worker, thread, machine or order that runs it. Every executor (the local lanes, later a
 * Spark task) runs this step; that is what makes a bank the same for any number of workers. The
 * simulator is told the index ({@link SimulationContext}), e.g. for an external program's files.
 *
 * <p>Outputs are checked here: the declared size (or whole points for a point set), finite values,
 * every declared output present and none undeclared. A simulator that throws, returns null or
 * breaks a check gives a failure row with a one-line reason; the campaign records it and goes on.
 */
public final class SimulationStep {

    /**
     * Lets an executor see θ before the simulator runs (so a watchdog can record a hung simulation)
     * and claim the outcome afterwards; {@link #claim} returning false means the watchdog already
     * recorded this simulation and its result must be dropped.
     */
    public interface Watch {
        Watch NONE = new Watch() {
            @Override
            public void started(long index, double[] theta) {
            }

            @Override
            public boolean claim(long index) {
                return true;
            }
        };

        void started(long index, double[] theta);

        boolean claim(long index);
    }

    /**
     * One simulation's outcome: θ (NaN when the prior itself failed), the outputs in
     * {@link #outputs()} order (null on failure) and the failure reason (null on success).
     */
    public record Row(long index, double[] theta, double[][] values, String failure) {
    }

    /** The outcome of a simulation the watchdog took over (compared by identity). */
    public static final Row ABANDONED = new Row(-1, new double[0], null, "abandoned");

    private final Simulator simulator;
    private final long seed;
    private final int thetaDim;
    private final ArraySpec[] outputs;
    private final int[] sizes;
    private final int[] widths;
    /** Whether to call simulateAll: only simulators with latents need it, the others keep the bare simulate. */
    private final boolean all;

    /** @param outputs the observable, then the latents (as the bank stores them) */
    public SimulationStep(Simulator simulator, long seed, List<ArraySpec> outputs) {
        this.simulator = simulator;
        this.seed = seed;
        this.thetaDim = simulator.parameters().dimension();
        this.outputs = outputs.toArray(ArraySpec[]::new);
        this.all = this.outputs.length > 1;
        this.sizes = new int[this.outputs.length];
        this.widths = new int[this.outputs.length];
        for (int j = 0; j < this.outputs.length; j++) {
            sizes[j] = this.outputs[j].size();
            widths[j] = Column.rowWidth(this.outputs[j]);
        }
    }

    public List<ArraySpec> outputs() {
        return List.of(outputs);
    }

    public int thetaDim() {
        return thetaDim;
    }

    public long seed() {
        return seed;
    }

    /** Values per simulation of each output; -1 for a point set of varying size. */
    int[] sizes() {
        return sizes.clone();
    }

    /** Simulation {@code index}, unwatched. */
    public Row run(long index) {
        return run(index, Watch.NONE);
    }

    /** Simulation {@code index}; {@link #ABANDONED} when {@code watch} declined the outcome. */
    public Row run(long index, Watch watch) {
        UniformRandomProvider rng = RandomStreams.forSimulation(seed, index);
        double[] theta;
        try {
            theta = simulator.prior().sample(rng);
        } catch (RuntimeException | StackOverflowError e) {
            return failed(index, null, "prior sample threw " + describe(e));
        }
        if (theta == null || theta.length != thetaDim) {
            return failed(index, null, "prior returned " + (theta == null ? "null" : theta.length + " values")
                    + ", expected " + thetaDim);
        }
        // θ is recorded before the simulator runs: it may scribble on its argument, and the watchdog
        // reports this θ if the simulation hangs
        double[] recorded = theta.clone();
        watch.started(index, recorded);
        double[] x = null;
        Map<String, double[]> named = null;
        String error = null;
        try {
            SimulationContext context = new SimulationContext(index);
            if (all) {
                named = simulator.simulateAll(theta, rng, context);
            } else {
                x = simulator.simulate(theta, rng, context);
            }
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            error = "threw " + describe(e);
        }
        if (!watch.claim(index)) {
            return ABANDONED; // the watchdog recorded the timeout; the caller must not touch the row again
        }
        if (error != null) {
            return failed(index, recorded, error);
        }
        if (!all) {
            if (x == null) {
                return failed(index, recorded, "returned null");
            }
            String bad = check(0, x, "");
            return bad != null ? failed(index, recorded, bad) : new Row(index, recorded, new double[][] {x}, null);
        }
        if (named == null) {
            return failed(index, recorded, "returned null");
        }
        double[][] values = new double[outputs.length][];
        for (int j = 0; j < outputs.length; j++) {
            values[j] = named.get(outputs[j].name());
            if (values[j] == null) {
                return failed(index, recorded, "returned no output " + outputs[j].name());
            }
            String bad = check(j, values[j], " for " + outputs[j].name());
            if (bad != null) {
                return failed(index, recorded, bad);
            }
        }
        if (named.size() != outputs.length) {
            for (String name : named.keySet()) {
                if (Arrays.stream(outputs).noneMatch(a -> a.name().equals(name))) {
                    return failed(index, recorded, "returned an undeclared output " + name);
                }
            }
        }
        return new Row(index, recorded, values, null);
    }

    private Row failed(long index, double[] theta, String reason) {
        if (theta == null) {
            theta = new double[thetaDim];
            Arrays.fill(theta, Double.NaN);
        }
        return new Row(index, theta, null, reason);
    }

    /** Null when {@code v} fits output j (size, or whole points, and finite), else why not. */
    private String check(int j, double[] v, String what) {
        if (sizes[j] >= 0 ? v.length != sizes[j] : v.length % widths[j] != 0) {
            return sizes[j] >= 0
                    ? "returned " + v.length + " values" + what + ", expected " + sizes[j] + " "
                            + Arrays.toString(outputs[j].shape())
                    : "returned " + v.length + " values" + what + ", not a multiple of " + widths[j] + " "
                            + Arrays.toString(outputs[j].shape());
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                return "returned " + v[i] + " at " + outputs[j].name() + "[" + i + "]";
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
