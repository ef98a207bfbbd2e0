package org.orrery.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.orrery.random.RandomStreams;
import org.orrery.simulators.benchmarks.internal.TwoMoons;

/**
 * Writes the demo's observation, {@code demo/two_moons_observation.fits}: one two_moons simulation
 * at θ* = (0.25, 0.25) from stream (SEED, 0), with θ* and the seed in the primary header. Run once
 * (the file is committed); {@code DemoCommandTest} checks that the shipped file still reproduces.
 *
 * <pre>java -cp "target/test-classes:$(cat cp.txt)" org.orrery.cli.PipelineDemoObservation src/main/resources/org/orrery/cli/demo/two_moons_observation.fits</pre>
 */
final class PipelineDemoObservation {

    static final double[] TRUTH = {0.25, 0.25};
    static final long SEED = 2024;

    private PipelineDemoObservation() {
    }

    static double[] observation() {
        return new TwoMoons().simulate(TRUTH.clone(), RandomStreams.forSimulation(SEED, 0));
    }

    static void write(Path out) throws Exception {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".obs", ".fits");
        try (Fits fits = new Fits()) {
            BasicHDU<?> hdu = Fits.makeHDU(observation());
            hdu.addValue("TRUTH1", TRUTH[0], "true theta_1 used to simulate x");
            hdu.addValue("TRUTH2", TRUTH[1], "true theta_2 used to simulate x");
            hdu.addValue("SEED", (int) SEED, "Orrery random stream (seed, index 0)");
            hdu.addValue("SIMULAT", "two_moons", "Orrery simulator id");
            fits.addHDU(hdu);
            fits.write(tmp.toFile());
        }
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void main(String[] args) throws Exception {
        write(Path.of(args[0]));
        System.out.println("wrote " + args[0]);
    }
}
