package org.orrery.cli;

import org.orrery.workflow.PipelineObservations;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.data.ArraySpec;
import org.orrery.io.ObservationReader;

/** The demo's shipped files; the demo itself runs through the real launcher in DistributionIT. */
class DemoCommandTest {

    @TempDir Path dir;

    @Test
    void shippedPipelineIsTheDocumentedDemo() throws Exception {
        DemoCommand.copyResources(dir);
        PipelineSpec s = PipelineYaml.read(dir.resolve(DemoCommand.PIPELINE));
        assertEquals("two_moons", s.simulator());
        assertEquals(10_000, s.simulations());
        assertEquals("maf", s.estimator());
        assertEquals(List.of("sbc", "tarp", "coverage", "c2st"), s.checks());
        assertEquals(List.of(dir.resolve("two_moons_observation.fits").toString()), s.observations());
        assertEquals(dir.resolve("report"), s.report());
        assertEquals(dir.resolve("work"), s.out());
    }

    @Test
    void shippedObservationReproducesFromTheTwoMoonsSimulatorWithItsTruth() throws Exception {
        DemoCommand.copyResources(dir);
        String fits = dir.resolve("two_moons_observation.fits").toString();
        double[] x = ObservationReader.read(fits, ArraySpec.vector("x", 2)).values();
        assertArrayEquals(PipelineDemoObservation.observation(), x, 0.0, "regenerate with PipelineDemoObservation.main");
        assertArrayEquals(PipelineDemoObservation.TRUTH, PipelineObservations.fitsTruth(fits, 2), 0.0);
        assertEquals(null, PipelineObservations.fitsTruth(fits, 3), "no TRUTH3: no truth at all rather than a partial one");
        // a crescent point near (0.25 − |θ₁+θ₂|/√2 + r cos a, (θ₂−θ₁)/√2 + r sin a) with r ≈ 0.1
        assertEquals(0.25 - 0.5 / Math.sqrt(2), x[0], 0.13);
        assertEquals(0, x[1], 0.13);
    }

    @Test
    void copyKeepsIdenticalFilesAndRestoresEditedOnes() throws Exception {
        DemoCommand.copyResources(dir);
        Path yaml = dir.resolve(DemoCommand.PIPELINE);
        Path fits = dir.resolve("two_moons_observation.fits");
        var fitsTime = Files.getLastModifiedTime(fits);
        String shipped = Files.readString(yaml);
        Files.writeString(yaml, shipped.replace("simulations: 10000", "simulations: 5"));
        Thread.sleep(20);
        DemoCommand.copyResources(dir);
        assertEquals(shipped, Files.readString(yaml));
        assertEquals(fitsTime, Files.getLastModifiedTime(fits), "an unchanged file keeps its time so stages can be skipped");
        assertNotEquals(-1, shipped.indexOf("two_moons_observation.fits"));
        assertTrue(Files.readString(dir.resolve("README.md")).contains("TRUTH1"));
    }
}
