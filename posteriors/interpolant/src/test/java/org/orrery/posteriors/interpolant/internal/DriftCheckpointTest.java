package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.EpochReport;
import org.orrery.posterior.Posterior;
import org.orrery.posterior.PosteriorEstimator;
import org.orrery.posterior.TrainingCheckpoint;
import org.orrery.posterior.TrainingListener;
import org.orrery.simulators.cosmology.internal.LinearField;

/**
 * Checkpoints of the drift trainer, in process: a run stopped right after its checkpoint of epoch k
 * (an exception thrown from the save, as a kill would stop it there) and resumed from that state with
 * the same seed ends with a posterior payload byte-identical to an uninterrupted run's, for fmpe and
 * for the interpolant (one libtorch thread); the states of the resumed run equal the uninterrupted
 * run's epoch by epoch. Corrupt and foreign states are refused in one line. Runs in which libtorch
 * returned non-finite gradients (issue 13's open defect; such steps are skipped and not reproducible)
 * cannot agree: the comparison is then run again (at most {@link #ATTEMPTS} times). (The kill -9 of a real
 * {@code orrery train} process is TrainKillResumeTest's, in framework/cli.)
 */
class DriftCheckpointTest {

    /** Attempts before the non-finite-gradient defect fails a comparison (it hit 2 of 3 U-Net attempts on a load of 40). */
    static final int ATTEMPTS = 3;

    /** Stands in for the process dying right after a checkpoint was written. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed", null, false, false);
        }
    }

    /** Saves after every epoch into a map; optionally resumes from a state and "dies" after saving epoch {@code killAfter}. */
    static final class Recorder implements TrainingListener {
        final Map<Integer, byte[]> states = new TreeMap<>();
        final List<Integer> reported = new ArrayList<>();
        final byte[] resume;
        final int killAfter;

        Recorder(byte[] resume, int killAfter) {
            this.resume = resume;
            this.killAfter = killAfter;
        }

        @Override
        public void epoch(EpochReport report) {
            reported.add(report.epoch());
        }

        @Override
        public TrainingCheckpoint checkpoint() {
            return new TrainingCheckpoint() {
                @Override
                public boolean due(int epoch) {
                    return true;
                }

                @Override
                public void save(int epoch, byte[] state) {
                    states.put(epoch, state);
                    if (epoch == killAfter) {
                        throw new Killed();
                    }
                }

                @Override
                public Optional<byte[]> resume() {
                    return Optional.ofNullable(resume);
                }
            };
        }
    }

    private static byte[] payload(Posterior p) throws IOException {
        var out = new ByteArrayOutputStream();
        p.write(out);
        return out.toByteArray();
    }

    /**
     * Runs the comparison; when libtorch returned non-finite gradients in any of the runs (the open
     * defect of issue 13: the trainer skips such steps, and they are not reproducible, so the runs
     * cannot agree), it says so and runs it again, up to {@link #ATTEMPTS} times.
     */
    private static void resumesToTheSameBytes(PosteriorEstimator est, SimulationSet bank, Map<String, Object> cfg, int epochs, int kill)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            String skipped;
            try {
                skipped = attempt(est, bank, cfg, epochs, kill);
            } catch (ArithmeticException e) {
                skipped = e.getMessage(); // every step of an epoch skipped: its loss is NaN
            }
            if (skipped == null) {
                return;
            }
            System.err.println("DriftCheckpointTest: " + skipped + " (libtorch's non-finite gradients); comparing again");
            assertTrue(attempt < ATTEMPTS, "libtorch returned non-finite gradients in all " + ATTEMPTS + " attempts: " + skipped);
        }
    }

    /** Steps skipped for non-finite gradients in a state (its header fields, read as DriftState writes them). */
    private static long skipped(byte[] state, String estimator) throws IOException {
        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(state, 12, state.length - 12));
        assertEquals(estimator, in.readUTF());
        in.readInt();
        in.readInt();
        in.readInt();
        in.readLong();
        return in.readLong();
    }

    /** Null when the resumed run ended as the uninterrupted one, or why the runs cannot be compared. */
    private static String attempt(PosteriorEstimator est, SimulationSet bank, Map<String, Object> cfg, int epochs, int kill)
            throws IOException {
        Recorder whole = new Recorder(null, -1);
        byte[] expected = payload(est.train(bank, cfg, RandomSource.XO_RO_SHI_RO_128_PP.create(11L), whole));
        assertEquals(epochs, whole.states.size(), "a state after every epoch");

        Recorder killed = new Recorder(null, kill);
        assertThrows(Killed.class, () -> est.train(bank, cfg, RandomSource.XO_RO_SHI_RO_128_PP.create(11L), killed));
        byte[] state = killed.states.get(kill);

        Recorder resumed = new Recorder(state, -1);
        byte[] got = payload(est.train(bank, cfg, RandomSource.XO_RO_SHI_RO_128_PP.create(11L), resumed));
        long s = skipped(whole.states.get(epochs), est.id()) + skipped(state, est.id()) + skipped(resumed.states.get(epochs), est.id());
        if (s > 0) {
            return s + " steps skipped for non-finite gradients";
        }
        assertArrayEquals(whole.states.get(kill), state, "the state after epoch " + kill + " is the uninterrupted run's");
        assertEquals(kill + 1, resumed.reported.get(0), "reports continue after the saved epoch, the saved ones are not repeated");
        for (int e = kill + 1; e <= epochs; e++) {
            assertArrayEquals(whole.states.get(e), resumed.states.get(e), "state after epoch " + e);
        }
        assertArrayEquals(expected, got, "the resumed run's posterior differs from the uninterrupted run's");
        return null;
    }

    @Test
    void fmpeResumesToTheSameBytesAndRefusesBadStates() throws IOException {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2L);
        SimulationSet bank = FmpeEstimatorTest.bank(300, rng);
        Map<String, Object> cfg = Map.of("hidden", 16, "layers", 2, "time_width", 8, "batch_size", 50, "max_epochs", 5,
                "patience", 100);
        resumesToTheSameBytes(new FmpeEstimator(), bank, cfg, 5, 2);

        Recorder killed = new Recorder(null, 1);
        assertThrows(Killed.class, () -> new FmpeEstimator().train(bank, cfg, RandomSource.XO_RO_SHI_RO_128_PP.create(11L), killed));
        byte[] corrupt = killed.states.get(1).clone();
        corrupt[corrupt.length / 2] ^= 0x10;
        var e = assertThrows(IllegalArgumentException.class, () -> new FmpeEstimator().train(bank, cfg,
                RandomSource.XO_RO_SHI_RO_128_PP.create(11L), new Recorder(corrupt, -1)));
        assertTrue(e.getMessage().startsWith("cannot resume from the checkpoint") && e.getMessage().contains("checksum")
                && e.getMessage().lines().count() == 1, e.getMessage());
        SimulationSet smaller = FmpeEstimatorTest.bank(200, rng);
        var e2 = assertThrows(IllegalArgumentException.class, () -> new FmpeEstimator().train(smaller, cfg,
                RandomSource.XO_RO_SHI_RO_128_PP.create(11L), new Recorder(killed.states.get(1), -1)));
        assertTrue(e2.getMessage().contains("on 300 simulations") && e2.getMessage().contains("on 200"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> new FmpeEstimator().train(bank, Map.of("hidden", 12, "layers", 2,
                "time_width", 8, "batch_size", 50, "max_epochs", 5, "patience", 100), RandomSource.XO_RO_SHI_RO_128_PP.create(11L),
                new Recorder(killed.states.get(1), -1)));
        assertTrue(e3.getMessage().contains("shape"), e3.getMessage());
    }

    @Test
    void interpolantResumesToTheSameBytes() throws IOException {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(), Map.of("grid", 8)));
        FieldBank bank = FieldBank.of(sim, 24, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        resumesToTheSameBytes(new InterpolantEstimator(), bank, Map.of("channels", "4,8", "groups", 2, "time_width", 8,
                "batch_size", 22, "max_epochs", 3, "patience", 100), 3, 1); // one step an epoch: fewer chances of the defect
        Map<String, Object> head = Map.of("channels", "4,8", "groups", 2, "time_width", 8, "batch_size", 22, "max_epochs", 3,
                "patience", 100, "theta_head", "bottleneck");
        resumesToTheSameBytes(new InterpolantEstimator(), bank, head, 3, 1);
        // a state of the channels carriage does not fit the bottleneck head's network: refused in one line
        Recorder killed = new Recorder(null, 1);
        assertThrows(Killed.class, () -> new InterpolantEstimator().train(bank, Map.of("channels", "4,8", "groups", 2,
                "time_width", 8, "batch_size", 22, "max_epochs", 3, "patience", 100), RandomSource.XO_RO_SHI_RO_128_PP.create(11L), killed));
        var e = assertThrows(IllegalArgumentException.class, () -> new InterpolantEstimator().train(bank, head,
                RandomSource.XO_RO_SHI_RO_128_PP.create(11L), new Recorder(killed.states.get(1), -1)));
        assertTrue(e.getMessage().startsWith("cannot resume from the checkpoint") && e.getMessage().lines().count() == 1,
                e.getMessage());
    }
}
