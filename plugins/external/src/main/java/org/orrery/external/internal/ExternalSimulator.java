package org.orrery.external.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.SimulationContext;
import org.orrery.simulator.Simulator;

/**
 * A simulator that runs an external program described by a manifest. The program gets θ and a
 * 64-bit seed; the seed is the first {@code nextLong()} of the simulation's own random stream, so a
 * bank of an external simulator is as reproducible as a Java one: the same (campaign seed, index)
 * always hands the program the same seed, whatever the number of workers or a resume. The program
 * is also told the simulation's index in the campaign (the bank's {@code /index} value).
 */
public final class ExternalSimulator implements Simulator, AutoCloseable {

    private final Manifest m;
    private final Prior prior;
    private final PerCallRunner perCall;
    private final WorkerPool workers;

    public ExternalSimulator(Manifest m, Path scratchRoot) {
        this.m = m;
        this.prior = new ManifestPrior(new ParameterSpace(m.parameters()), m.priors());
        if (m.mode() == Manifest.Mode.WORKER) {
            this.perCall = null;
            this.workers = new WorkerPool(m, scratchRoot);
        } else {
            this.perCall = new PerCallRunner(m, scratchRoot);
            this.workers = null;
        }
    }

    public Manifest manifest() {
        return m;
    }

    @Override
    public String id() {
        return m.id();
    }

    @Override
    public String displayName() {
        return m.name();
    }

    @Override
    public Prior prior() {
        return prior;
    }

    @Override
    public ArraySpec observable() {
        return m.outputs().get(0);
    }

    @Override
    public List<ArraySpec> latents() {
        return m.outputs().subList(1, m.outputs().size());
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return simulateAll(theta, rng).get(observable().name());
    }

    /** Outside a campaign (a notebook, a contract test) the program is told index 0. */
    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        return simulateAll(theta, rng, new SimulationContext(0));
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        return simulateAll(theta, rng, context).get(observable().name());
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng, SimulationContext context) {
        if (theta == null || theta.length != m.parameters().size()) {
            throw new IllegalArgumentException("theta must have " + m.parameters().size() + " values, got "
                    + (theta == null ? "null" : theta.length));
        }
        long seed = rng.nextLong();
        long index = context == null ? 0 : context.index();
        return workers != null ? workers.simulate(theta, seed, index) : perCall.run(theta, seed, index);
    }

    /** Process ids of the live worker processes (worker mode), for diagnostics and tests. */
    public List<Long> workerPids() {
        return workers == null ? List.of() : workers.pids();
    }

    /** Withdrawn: running work keeps its workers until its lanes end; then they are closed. */
    public void retire() {
        if (workers != null) {
            workers.retire();
        }
    }

    /** Stops every worker process; later calls fail. */
    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }
}
