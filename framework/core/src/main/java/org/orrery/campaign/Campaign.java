package org.orrery.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.orrery.bank.BankMetadata;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.bank.Failure;
import org.orrery.bank.OrreryVersion;
import org.orrery.data.ArraySpec;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.simulator.Simulator;

/**
 * Runs a simulation campaign and writes the bank, from parts with one job each:
 * <ul>
 *   <li>{@link SimulationStep}: the pure per-index step, (seed, index) → row or failure;
 *   <li>{@link CampaignExecutor}: runs the step for the missing chunks and makes each chunk durable
 *       as a shard ({@link LocalExecutor}: lanes with a watchdog in this JVM);
 *   <li>{@link ShardStore}: the versioned shard format in {@code <out>.parts/};
 *   <li>{@link BankAssembler}: streams the shards into the bank (temp file + atomic rename).
 * </ul>
 * This class checks the simulator's outputs and the campaign's identity, resumes an interrupted
 * campaign (only missing or torn shards are redone), and reports progress. A kill at any moment
 * leaves either no bank or a complete one, plus shards that {@code resume} picks up. Row i depends
 * only on (seed, i), so the bank is the same for any number of workers.
 */
public final class Campaign {

    private final Simulator simulator;
    private final String simulatorVersion;
    private final String settings;
    private final CampaignSpec spec;
    private final CampaignListener listener;
    private final CampaignExecutor executor;
    private final int thetaDim;
    private final ArraySpec observable;
    private final List<ArraySpec> outputs;
    private final int[] sizes;
    private final int[] bytes;
    private final BankMetadata template;

    public Campaign(Simulator simulator, String simulatorVersion, CampaignSpec spec, CampaignListener listener) {
        this(simulator, simulatorVersion, spec, listener,
                new LocalExecutor(spec.workers(), spec.timeout(), spec.checkpointEvery()));
    }

    /** A campaign run by {@code executor} instead of this JVM's lanes (settings not recorded). */
    public Campaign(Simulator simulator, String simulatorVersion, CampaignSpec spec, CampaignListener listener,
            CampaignExecutor executor) {
        this(simulator, simulatorVersion, "", spec, listener, executor);
    }

    /**
     * A campaign that records the simulator's settings in the bank and compares them on resume.
     *
     * @param settings every setting the simulator runs with, defaults included, as
     *                 {@link BankMetadata#canonicalSettings} text; {@code ""} when not known
     * @param executor runs the simulations; null for this JVM's lanes ({@link LocalExecutor})
     */
    public Campaign(Simulator simulator, String simulatorVersion, String settings, CampaignSpec spec,
            CampaignListener listener, CampaignExecutor executor) {
        this.simulator = simulator;
        this.simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
        this.settings = settings == null ? "" : settings;
        executor = executor != null ? executor : new LocalExecutor(spec.workers(), spec.timeout(), spec.checkpointEvery());
        this.spec = spec;
        this.listener = listener == null ? CampaignListener.NONE : listener;
        this.executor = executor;
        this.thetaDim = simulator.parameters().dimension();
        this.observable = simulator.observable();
        List<ArraySpec> latents = simulator.latents() == null ? List.of() : simulator.latents();
        try {
            this.template = new BankMetadata(simulator.id(), this.simulatorVersion, simulator.parameters(), observable,
                    simulator.prior().describe(), spec.seed(), spec.num(), OrreryVersion.get(), null, latents,
                    simulator.box(), this.settings);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("simulator " + simulator.id() + ": " + e.getMessage());
        }
        this.outputs = template.outputs();
        this.sizes = new int[outputs.size()];
        this.bytes = new int[outputs.size()];
        for (int j = 0; j < outputs.size(); j++) {
            sizes[j] = outputs.get(j).size();
            bytes[j] = outputs.get(j).dtype().bytes();
        }
    }

    public CampaignResult run() {
        long t0 = System.nanoTime();
        Path out = spec.out();
        Path parts = spec.partsDir();
        AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(out), out);
        int chunkSize = (int) Math.max(1, Math.min(spec.chunkSize(), LocalExecutor.maxChunkDoubles() / rowDoubles()));
        ShardStore.Identity wanted = identity(chunkSize);
        ShardStore store;
        if (Files.isDirectory(parts)) {
            if (!spec.resume()) {
                throw new CampaignException(CampaignException.Kind.PARTS_EXIST, out, parts, null);
            }
            store = ShardStore.open(parts, wanted, out);
        } else {
            if (spec.resume() && Files.exists(out)) {
                return alreadyComplete(out, wanted, t0);
            }
            store = ShardStore.create(parts, wanted);
        }

        TreeMap<Integer, ShardStore.ChunkRef> done = store.index();
        List<Integer> missing = new ArrayList<>();
        for (int c = 0; c < store.chunkCount(); c++) {
            if (!done.containsKey(c)) {
                missing.add(c);
            }
        }
        long recovered = 0;
        long recoveredFailed = 0;
        for (ShardStore.ChunkRef c : done.values()) {
            recovered += c.count();
            recoveredFailed += c.failures();
        }
        done.clear();
        long rec = recovered;
        long recFailed = recoveredFailed;
        List<Chunk> unwritten = List.of();
        if (missing.isEmpty()) {
            listener.progress(spec.num(), recoveredFailed, spec.num(), 0);
        } else {
            unwritten = executor.execute(new SimulationStep(simulator, spec.seed(), outputs), store, missing,
                    (d, f, rate) -> listener.progress(rec + d, recFailed + f, spec.num(), rate));
        }

        BankMetadata metadata = new BankMetadata(simulator.id(), simulatorVersion, simulator.parameters(), observable,
                template.prior(), spec.seed(), spec.num(), OrreryVersion.get(), Instant.now(), template.latents(),
                template.box(), settings);
        BankAssembler.Assembled bank = BankAssembler.assemble(store, unwritten, metadata, out);
        store.deleteAll();
        List<Failure> failures = bank.failures();
        List<Failure> first = failures.subList(0, Math.min(CampaignResult.SHOWN_FAILURES, failures.size()));
        return new CampaignResult(out, bank.rows(), failures.size(), first, spec.num() - recovered,
                Duration.ofNanos(System.nanoTime() - t0), false);
    }

    private ShardStore.Identity identity(int chunkSize) {
        return new ShardStore.Identity(simulator.id(), simulatorVersion, spec.seed(), spec.num(), chunkSize, thetaDim,
                observable.size(), describe(outputs), sizes, simulator.prior().describe(), bytes, settings);
    }

    private CampaignResult alreadyComplete(Path out, ShardStore.Identity wanted, long t0) {
        BankMetadata m = BankReader.readMetadata(out);
        ShardStore.Identity found = new ShardStore.Identity(m.simulatorId(), m.simulatorVersion(), m.seed(),
                m.numRequested(), wanted.chunkSize(), m.parameters().dimension(), m.observable().size(),
                describe(m.outputs()), wanted.sizes(), m.prior(), null, m.settings());
        String mismatch = ShardStore.mismatch(found, wanted);
        if (mismatch != null) {
            throw new CampaignException(CampaignException.Kind.BANK_MISMATCH, out, spec.partsDir(), mismatch);
        }
        try (BankView bank = BankReader.open(out)) {
            List<Failure> failures = bank.failures();
            List<Failure> first = failures.subList(0, Math.min(CampaignResult.SHOWN_FAILURES, failures.size()));
            listener.progress(spec.num(), failures.size(), spec.num(), 0);
            return new CampaignResult(out, bank.size(), failures.size(), first, 0,
                    Duration.ofNanos(System.nanoTime() - t0), true);
        }
    }

    /** Doubles per simulation; point sets of varying size are not known in advance. */
    private long rowDoubles() {
        long n = thetaDim;
        for (int s : sizes) {
            n += Math.max(0, s);
        }
        return n;
    }

    /**
     * Outputs and their shapes as recorded in the parts manifest, e.g.
     * {@code delta[8, 8, 8] float32 velocities[-1, 3]} (float64 outputs name no dtype, as before dtypes).
     */
    private static String describe(List<ArraySpec> specs) {
        StringBuilder b = new StringBuilder();
        for (ArraySpec a : specs) {
            b.append(b.length() > 0 ? " " : "").append(a.name()).append(Arrays.toString(a.shape()));
            if (a.dtype() != ArraySpec.DType.FLOAT64) {
                b.append(' ').append(a.dtype().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return b.toString();
    }
}
