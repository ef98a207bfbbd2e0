package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;
import org.orrery.bank.Failure;
import org.orrery.io.BadInputException;
import org.orrery.random.RandomStreams;
import org.orrery.simulator.Simulator;

class CampaignTest {

    @TempDir
    Path dir;

    static Bank run(Simulator sim, CampaignSpec spec) {
        new Campaign(sim, "1.0.0", spec, CampaignListener.NONE).run();
        return BankReader.read(spec.out());
    }

    /** Bitwise equality of every dataset and of the campaign attributes. */
    static void assertSameBank(Bank a, Bank b) {
        assertEquals(a.size(), b.size(), "rows");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.index(i), b.index(i), "index of row " + i);
            assertArrayEquals(a.theta(i), b.theta(i), 0.0, "theta of row " + i);
            assertArrayEquals(a.x(i), b.x(i), 0.0, "x of row " + i);
        }
        assertEquals(a.outputs(), b.outputs(), "outputs");
        for (var out : a.outputs()) {
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.values(out.name(), i), b.values(out.name(), i), 0.0, out.name() + " of row " + i);
            }
        }
        assertEquals(a.box(), b.box(), "box");
        assertEquals(a.failures().size(), b.failures().size(), "failures");
        for (int i = 0; i < a.failures().size(); i++) {
            Failure fa = a.failures().get(i);
            Failure fb = b.failures().get(i);
            assertEquals(fa.index(), fb.index());
            assertArrayEquals(fa.theta(), fb.theta(), 0.0);
            assertEquals(fa.reason(), fb.reason());
        }
        assertEquals(a.metadata().seed(), b.metadata().seed());
        assertEquals(a.metadata().simulatorId(), b.metadata().simulatorId());
        assertEquals(a.metadata().numRequested(), b.metadata().numRequested());
    }

    @Test
    void banksAreBitIdenticalForOneAndTwoWorkersAndFollowTheStreamContract() {
        var sim = new TestSimulators.Gauss(2, new int[] {3, 2}, 0);
        CampaignSpec base = CampaignSpec.of(3001, 42, dir.resolve("w1.h5")).withChunkSize(64);
        Bank one = run(sim, base.withWorkers(1));
        Bank two = run(sim, new CampaignSpec(3001, 42, dir.resolve("w2.h5"), 2, Duration.ZERO, false, 100));
        assertEquals(3001, one.size());
        assertSameBank(one, two);
        // independent of the campaign machinery: row i is (prior, simulator) on stream (42, i)
        for (int i : new int[] {0, 1, 63, 64, 1500, 3000}) {
            UniformRandomProvider rng = RandomStreams.forSimulation(42, i);
            double[] theta = sim.prior().sample(rng);
            double[] x = sim.simulate(theta, rng);
            assertEquals(i, one.index(i));
            assertArrayEquals(theta, one.theta(i), 0.0);
            assertArrayEquals(x, one.x(i), 0.0);
        }
        // a different seed gives a different bank
        Bank other = run(sim, base.withWorkers(2));
        assertArrayEquals(one.theta(7), other.theta(7), 0.0);
        Bank seeded = run(sim, new CampaignSpec(3001, 43, dir.resolve("s43.h5"), 2, Duration.ZERO, false, 0));
        assertFalse(java.util.Arrays.equals(one.theta(7), seeded.theta(7)));
        assertFalse(Files.exists(base.partsDir()), "parts directory is removed after the merge");
    }

    @Test
    @Timeout(60)
    void failuresAndHangsAreRecordedAndTheCampaignGoesOn() {
        int num = 400;
        long seed = 7;
        var sim = new TestSimulators.Flaky();
        // expected outcome of each index, from θ drawn on its own stream
        List<Long> expectedFailed = new ArrayList<>();
        int[] counts = new int[TestSimulators.Behaviour.values().length];
        for (long i = 0; i < num; i++) {
            var b = TestSimulators.behaviour(sim.prior().sample(RandomStreams.forSimulation(seed, i)));
            counts[b.ordinal()]++;
            if (b != TestSimulators.Behaviour.OK) {
                expectedFailed.add(i);
            }
        }
        for (var b : TestSimulators.Behaviour.values()) {
            assertTrue(counts[b.ordinal()] > 0, "seed 7 must exercise " + b + " at least once");
        }
        AtomicLong lastDone = new AtomicLong();
        AtomicLong lastFailed = new AtomicLong();
        CampaignSpec spec = new CampaignSpec(num, seed, dir.resolve("flaky.h5"), 2, Duration.ofMillis(300), false, 50);
        CampaignResult r = new Campaign(sim, "2.0", spec, (d, f, t, rate) -> {
            lastDone.set(d);
            lastFailed.set(f);
        }).run();
        assertEquals(expectedFailed.size(), r.numFailed());
        assertEquals(num - expectedFailed.size(), r.numOk());
        assertEquals(num, lastDone.get(), "final progress reports every simulation");
        assertEquals(expectedFailed.size(), lastFailed.get());

        Bank bank = BankReader.read(spec.out());
        assertEquals(num - expectedFailed.size(), bank.size());
        List<Long> failedIdx = bank.failures().stream().map(Failure::index).toList();
        assertEquals(expectedFailed, failedIdx);
        for (Failure f : bank.failures()) {
            var b = TestSimulators.behaviour(f.theta());
            String expect = switch (b) {
                case HANG -> "timeout after 0.3 s";
                case THROW -> "threw IllegalStateException: cannot simulate theta_1=";
                case NAN -> "returned NaN at x[1]";
                case WRONG_LENGTH -> "returned 2 values, expected 3";
                case OK -> "never";
            };
            assertTrue(f.reason().startsWith(expect), "index " + f.index() + " (" + b + "): " + f.reason());
        }
        for (int i = 0; i < bank.size(); i++) {
            assertEquals(TestSimulators.Behaviour.OK, TestSimulators.behaviour(bank.theta(i)));
        }
        assertEquals(Math.min(10, expectedFailed.size()), r.firstFailures().size());
    }

    @Test
    void theStepHandsEverySimulatorItsIndexWhateverTheWorkers() throws Exception {
        var sim = new TestSimulators.IndexEcho();
        Path one = dir.resolve("i1.h5");
        Path three = dir.resolve("i3.h5");
        run(sim, new CampaignSpec(57, 4, one, 1, Duration.ZERO, false, 5));
        run(sim, new CampaignSpec(57, 4, three, 3, Duration.ZERO, false, 5));
        assertSameBank(BankReader.read(one), BankReader.read(three));
        Bank b = BankReader.read(three);
        assertEquals(57, b.size());
        for (int i = 0; i < b.size(); i++) {
            assertEquals((double) b.index(i), b.x(i)[0], 0.0, "row " + i);
        }
        // a direct step, as another executor would run it
        assertEquals(41.0, new SimulationStep(sim, 4, List.of(sim.observable())).run(41).values()[0][0], 0.0);
    }

    @Test
    void settingsAreRecordedInTheBankAndResumeRefusesOtherSettings() throws Exception {
        var sim = new TestSimulators.Gauss(2, new int[] {2}, 0);
        Path out = dir.resolve("set.h5");
        String grid8 = org.orrery.bank.BankMetadata.canonicalSettings(java.util.Map.of("grid", 8, "dims", 2));
        assertEquals("{\"dims\":2,\"grid\":8}", grid8, "keys sorted, no spaces: equal settings, equal text");
        String grid16 = org.orrery.bank.BankMetadata.canonicalSettings(java.util.Map.of("dims", 2, "grid", 16));
        CampaignSpec spec = new CampaignSpec(40, 3, out, 1, Duration.ZERO, false, 10);
        new Campaign(sim, "1.0.0", grid8, spec, CampaignListener.NONE, null).run();
        assertEquals(grid8, BankReader.readMetadata(out).settings());
        try (var view = BankReader.open(out)) {
            assertEquals(grid8, view.metadata().settings());
        }
        // resuming the finished bank with other settings is refused, with the same settings it is a no-op
        var e = assertThrows(CampaignException.class,
                () -> new Campaign(sim, "1.0.0", grid16, spec.withResume(true), CampaignListener.NONE, null).run());
        assertEquals(CampaignException.Kind.BANK_MISMATCH, e.kind());
        assertEquals("used test_gauss settings grid=8, not grid=16", e.detail());
        assertTrue(new Campaign(sim, "1.0.0", grid8, spec.withResume(true), CampaignListener.NONE, null).run()
                .alreadyComplete());
        // the parts of an interrupted campaign record them too
        Path out2 = dir.resolve("set2.h5");
        CampaignSpec spec2 = new CampaignSpec(40, 3, out2, 1, Duration.ZERO, true, 10);
        ShardStore.create(spec2.partsDir(), new ShardStore.Identity("test_gauss", "1.0.0", 3, 40, 10, 2, 2,
                "x[2]", new int[] {2}, sim.prior().describe(), null, grid8));
        e = assertThrows(CampaignException.class,
                () -> new Campaign(sim, "1.0.0", grid16, spec2, CampaignListener.NONE, null).run());
        assertEquals(CampaignException.Kind.PARTS_MISMATCH, e.kind());
        assertTrue(e.detail().contains("settings grid=8, not grid=16"), e.detail());
        assertEquals(40, new Campaign(sim, "1.0.0", grid8, spec2, CampaignListener.NONE, null).run().numOk());
        assertEquals(grid8, BankReader.readMetadata(out2).settings());
    }

    @Test
    void resumeRefusesAnotherCampaignsBankOrParts() throws Exception {
        var sim = new TestSimulators.Gauss(2, new int[] {2}, 0);
        Path out = dir.resolve("bank.h5");
        run(sim, new CampaignSpec(100, 1, out, 1, Duration.ZERO, false, 10));

        var e = assertThrows(BadInputException.class,
                () -> run(sim, new CampaignSpec(100, 2, out, 1, Duration.ZERO, true, 10)));
        // a typed reason the front end words; core's own message names no command-line flag
        var c = assertInstanceOf(CampaignException.class, e);
        assertEquals(CampaignException.Kind.BANK_MISMATCH, c.kind());
        assertEquals(out, c.bank());
        assertEquals("used seed 1, not 2", c.detail());
        assertEquals("cannot resume: the bank " + out + " used seed 1, not 2; choose another output bank", e.getMessage());
        var flaky = new TestSimulators.Flaky();
        e = assertThrows(BadInputException.class,
                () -> run(flaky, new CampaignSpec(100, 1, out, 1, Duration.ZERO, true, 10)));
        assertTrue(e.getMessage().contains("used simulator test_gauss, not test_flaky"), e.getMessage());
        // the same campaign resumed on a finished bank runs nothing
        CampaignResult same = new Campaign(sim, "1.0.0", new CampaignSpec(100, 1, out, 1, Duration.ZERO, true, 10),
                CampaignListener.NONE).run();
        assertTrue(same.alreadyComplete());
        assertEquals(0, same.simulatedNow());

        // leftover parts of an interrupted run
        Path out2 = dir.resolve("b2.h5");
        CampaignSpec spec = new CampaignSpec(100, 5, out2, 1, Duration.ZERO, false, 10);
        ShardStore.create(spec.partsDir(), new ShardStore.Identity("test_gauss", "1.0.0", 5, 100, 10, 2, 2));
        e = assertThrows(BadInputException.class, () -> run(sim, spec));
        assertEquals(CampaignException.Kind.PARTS_EXIST, assertInstanceOf(CampaignException.class, e).kind());
        assertEquals(spec.partsDir() + " holds an interrupted campaign: resume it, or delete it to start over", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> run(sim, new CampaignSpec(100, 6, out2, 1, Duration.ZERO, true, 10)));
        assertEquals(CampaignException.Kind.PARTS_MISMATCH, assertInstanceOf(CampaignException.class, e).kind());
        assertTrue(e.getMessage().endsWith("used seed 5, not 6; delete " + spec.partsDir() + " or choose another output bank"),
                e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> run(sim, new CampaignSpec(99, 5, out2, 1, Duration.ZERO, true, 10)));
        assertTrue(e.getMessage().contains("was for 100 simulations, not 99"), e.getMessage());
        assertFalse(Files.exists(out2), "no bank is written when the campaign is refused");
    }

    @Test
    void unwritableOutputDirectoryIsRefusedBeforeSimulating() {
        var sim = new TestSimulators.Gauss(2, new int[] {2}, 0);
        Path out = dir.resolve("missing/sub/bank.h5");
        var e = assertThrows(BadInputException.class, () -> run(sim, CampaignSpec.of(10, 1, out)));
        assertEquals("cannot write " + out + ": directory " + out.getParent() + " does not exist", e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void specValidatesItsValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> CampaignSpec.of(0, 1, dir.resolve("b.h5")));
        assertTrue(e.getMessage().contains("got: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CampaignSpec.of(5, 1, dir.resolve("b.h5")).withWorkers(0));
        assertEquals("workers must be >= 1, got: 0", e.getMessage());
        assertEquals("workers", assertInstanceOf(CampaignSpec.InvalidField.class, e).field());
        assertEquals(5000, CampaignSpec.of(1_000_000, 1, dir.resolve("b.h5")).chunkSize());
    }
}
