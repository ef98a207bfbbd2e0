package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;

/**
 * The README's "Field-level inference" section: the shipped examples/field-level.yaml parses as an lpt
 * + interpolant pipeline with the field checks, the observation the section tells you to simulate is
 * the one the pipeline reads, and the figure the section shows ships.
 */
class FieldLevelExampleTest {

    @org.junit.jupiter.api.io.TempDir Path dir;

    @Test
    void theFieldLevelPipelineAndTheReadmeSectionAgree() throws Exception {
        Path root = ReadmeClaimsTest.root();
        // the YAML is read where the README runs it: in a folder beside the observation it names
        Path yaml = Files.copy(root.resolve("examples/field-level.yaml"), dir.resolve("field-level.yaml"));
        Files.writeString(dir.resolve("field-obs.h5"), "");
        PipelineSpec spec = PipelineYaml.read(yaml);
        assertEquals("lpt", spec.simulator());
        assertEquals("interpolant", spec.estimator());
        assertEquals(List.of("fields", "sbc", "tarp"), spec.checks());
        assertEquals("{dims=2, grid=16, keep_particles=true}", new java.util.TreeMap<>(spec.settings().get("lpt")).toString());
        assertEquals(List.of(dir.resolve("field-obs.h5").toAbsolutePath() + ":/delta"), spec.observations());
        String readme = ReadmeClaimsTest.readme();
        int at = readme.indexOf("## Field-level inference");
        assertTrue(at > 0, "the README has the section");
        String section = readme.substring(at, readme.indexOf("\n## ", at + 5));
        assertTrue(section.contains("--num 1 --seed 99 --out field-obs.h5") && Files.readString(yaml).contains(
                "--num 1 --seed 99 --out field-obs.h5"), "README and YAML make the observation the same way");
        assertTrue(section.contains("orrery run field-level.yaml"), section);
        var fig = java.util.regex.Pattern.compile("\\]\\((docs/[^)]+\\.png)\\)").matcher(section);
        assertTrue(fig.find(), "the section shows a figure");
        assertTrue(Files.size(root.resolve(fig.group(1))) > 10_000, fig.group(1));
    }
}
