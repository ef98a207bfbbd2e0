package org.orrery.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.BankMetadata;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.posteriorfile.PosteriorFile;

/** Issue 18.2: validate on the training bank (or its seed) must be detectable. */
class TrainingOverlapTest {

    @TempDir
    Path dir;

    static final ParameterSpace SPACE = ParameterSpace.of(new Parameter("t", "", "t", -1, 1));

    static BankMetadata meta(String sim, long seed) {
        return new BankMetadata(sim, "1", SPACE, ArraySpec.vector("x", 2), "uniform(-1, 1)", seed, 100, "0.1.0",
                Instant.parse("2026-12-03T00:00:00Z"), List.of(), Optional.empty());
    }

    PosteriorFile.Contents trainedOn(Path bank, long seed) {
        var header = new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, "maf", "1", "two_moons", "1", SPACE,
                ArraySpec.vector("x", 2), Map.of(), List.of(), bank.toString(), 5, "0.1.0", null);
        Path p = dir.resolve("posterior-" + seed + ".orrery");
        PosteriorFile.write(p, header, new byte[] {1}, PosteriorFile.TrainingBank.of(bank, meta("two_moons", seed), 100));
        return PosteriorFile.read(p);
    }

    @Test
    void theTrainingBankItselfItsCopyAndItsSeedAreAllCaught() throws Exception {
        Path train = dir.resolve("train.h5");
        Files.writeString(train, "simulations of seed 1");
        var post = trainedOn(train, 1);
        assertEquals(1, post.training().orElseThrow().seed(), "recorded in the posterior file");

        assertEquals(Optional.of("the held-out bank " + train + " is the bank the posterior was trained on"),
                TrainingOverlap.check(post, train, meta("two_moons", 1)));
        Path sameSeed = dir.resolve("heldout-seed1.h5");
        Files.writeString(sameSeed, "simulations of seed 1, written again");
        assertTrue(TrainingOverlap.check(post, sameSeed, meta("two_moons", 1)).orElseThrow().contains("with seed 1, the"
                + " training bank's seed"));
        Path copy = dir.resolve("copy.h5");
        Files.copy(train, copy);
        assertTrue(TrainingOverlap.check(post, copy, meta("two_moons", 9)).orElseThrow().contains("is a copy of the training"
                + " bank"), "a copy is caught by its checksum even if its metadata were changed");
        Path fresh = dir.resolve("heldout-seed2.h5");
        Files.writeString(fresh, "simulations of seed 2");
        assertEquals(Optional.empty(), TrainingOverlap.check(post, fresh, meta("two_moons", 2)));
        assertEquals(Optional.empty(), TrainingOverlap.check(post, fresh, meta("slcp", 1)), "another simulator's seed 1 is new data");
    }

    @Test
    void olderPosteriorFilesAreCheckedByPathAlone() throws Exception {
        Path train = dir.resolve("train.h5");
        Files.writeString(train, "x");
        var header = new PosteriorFile.Header(PosteriorFile.FORMAT_VERSION, "maf", "1", "two_moons", "1", SPACE,
                ArraySpec.vector("x", 2), Map.of(), List.of(), train.toString(), 5, "0.1.0", null);
        Path p = dir.resolve("old.orrery");
        PosteriorFile.write(p, header, new byte[] {1});
        var post = PosteriorFile.read(p);
        assertTrue(post.training().isEmpty());
        assertTrue(TrainingOverlap.check(post, train, meta("two_moons", 1)).isPresent());
        Path other = dir.resolve("other.h5");
        Files.writeString(other, "y");
        assertTrue(TrainingOverlap.check(post, other, meta("two_moons", 1)).isEmpty());
    }
}
