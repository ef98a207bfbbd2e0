package org.orrery.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The first command a new user runs: the shipped pipeline {@code demo/two_moons.yaml} end to end —
 * 10⁴ two_moons simulations, a MAF posterior, inference on a shipped FITS observation with known
 * θ*, SBC/TARP/coverage/C2ST on held-out simulations, and the report. The pipeline and the
 * observation are copied into {@code --out} first, so the user can read, edit and re-run them with
 * {@code orrery run}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the shipped two_moons pipeline end to end (about 1-2 minutes on 2 cores) and write its report into --out.")
public final class DemoCommand implements Callable<Integer> {

    static final String RESOURCES = "/org/orrery/cli/demo/";
    static final List<String> FILES = List.of("two_moons.yaml", "two_moons_observation.fits", "README.md");
    static final String PIPELINE = "two_moons.yaml";

    @Mixin HostOptions host;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "orrery-demo",
            description = "Folder for the demo's pipeline, outputs and report (default: ${DEFAULT-VALUE}).")
    Path out;

    /** A few-second version for tests of the distribution: same stages, tiny sizes. */
    @Option(names = "--quick", hidden = true)
    boolean quick;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        Path dir = out.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        copyResources(dir);
        PipelineSpec pipeline = PipelineYaml.read(dir.resolve(PIPELINE));
        if (quick) {
            pipeline = pipeline.scaledDown(2000, 100, Map.of("max_epochs", 15), List.of("sbc", "tarp", "coverage"));
        }
        o.println("Orrery demo: " + pipeline.simulations() + " " + pipeline.simulator() + " simulations, "
                + pipeline.estimator() + " posterior, checks " + String.join(", ", pipeline.checks()));
        o.println("pipeline: " + dir.resolve(PIPELINE) + "  (edit it and re-run with: orrery run " + dir.resolve(PIPELINE) + ")");
        o.println();
        o.flush();
        return RunCommand.run(pipeline, host, spec, false);
    }

    /**
     * The demo's files out of the jar. A file that differs (edited) is replaced, so the demo is always
     * the shipped one; an identical one is left alone so that a re-run can skip finished stages.
     */
    static void copyResources(Path dir) throws IOException {
        for (String name : FILES) {
            byte[] bytes;
            try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new CliException("the demo resource " + name + " is missing from the Orrery jar; the installation is broken");
                }
                bytes = in.readAllBytes();
            }
            Path target = dir.resolve(name);
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
