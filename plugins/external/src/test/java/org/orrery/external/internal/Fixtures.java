package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;
import org.orrery.bank.Failure;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignResult;
import org.orrery.campaign.CampaignSpec;

/** Real programs for the tests: Python (Debian's /usr/bin/python3 with numpy) and /bin/sh. */
final class Fixtures {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** orrery_sim.py, straight from the sources. */
    static final Path HELPER_DIR = Files.isDirectory(Path.of("src/main/python")) ? Path.of("src/main/python").toAbsolutePath()
            : Path.of("plugins/external/src/main/python").toAbsolutePath();

    private Fixtures() {
    }

    /** True when /usr/bin/python3 with numpy is here; on CI (CI=true) a missing one fails instead. */
    static boolean pythonAvailable() {
        return pythonAvailable(new String[0]);
    }

    /** As {@link #pythonAvailable()}, with the modules {@code more} too (CI installs python3-h5py, python3-astropy). */
    static boolean pythonAvailable(String... more) {
        boolean ok = false;
        String modules = String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of("numpy"),
                java.util.Arrays.stream(more)).toList());
        if (Files.isExecutable(PYTHON)) {
            try {
                Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                ok = p.waitFor() == 0;
            } catch (IOException e) {
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must have /usr/bin/python3 with " + modules + " (.ci/run PACKAGES)");
        }
        if (!ok) {
            System.out.println("SKIPPED: /usr/bin/python3 with " + modules + " is not available");
        }
        return ok;
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        if (name.endsWith(".sh") || name.endsWith(".py")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return p;
    }

    /** A manifest with two uniform(0, 1) parameters a, b and one output x of shape [2]. */
    static String manifest(String id, String mode, String command, String timeout, String extra) {
        return "id: " + id + "\n"
                + "version: 1.2.3\n"
                + "parameters:\n"
                + "  - {name: a, unit: Mpc, latex: '\\alpha', prior: 'uniform(0, 1)'}\n"
                + "  - {name: b, prior: 'uniform(0, 1)'}\n"
                + "outputs:\n"
                + "  - {name: x, shape: [2]}\n"
                + "command: " + command + "\n"
                + "environment: {PYTHONPATH: '" + HELPER_DIR + "'}\n"
                + "timeout: " + timeout + "\n"
                + "mode: " + mode + "\n"
                + extra;
    }

    static ExternalSimulator simulator(Path manifest, Path scratch) throws Exception {
        return new ExternalSimulator(ManifestReader.read(manifest), scratch);
    }

    static CampaignResult campaign(ExternalSimulator sim, Path out, int num, int workers, boolean resume) {
        CampaignSpec spec = new CampaignSpec(num, 42, out, workers, Duration.ZERO, resume, 4, Duration.ZERO);
        return new Campaign(sim, "1.2.3", spec, null).run();
    }

    /** Asserts two banks hold the same simulations, bit for bit, and the same failures. */
    static void assertSameBank(Path a, Path b) {
        Bank x = BankReader.read(a);
        Bank y = BankReader.read(b);
        assertEquals(x.size(), y.size(), "rows");
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.index(i), y.index(i));
            assertTrue(Arrays.equals(x.theta(i), y.theta(i)), "theta of row " + i);
            assertTrue(Arrays.equals(x.x(i), y.x(i)), "x of row " + i + ": " + Arrays.toString(x.x(i)) + " vs "
                    + Arrays.toString(y.x(i)));
        }
        assertEquals(x.failures().size(), y.failures().size(), "failures");
        for (int i = 0; i < x.failures().size(); i++) {
            assertEquals(x.failures().get(i).index(), y.failures().get(i).index());
        }
    }

    /** Processes of this JVM's user whose command line mentions {@code marker} (a test's temp folder). */
    static List<ProcessHandle> processesMentioning(String marker) {
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            if (cmd.contains(marker) && p.pid() != ProcessHandle.current().pid()) {
                out.add(p);
            }
        });
        return out;
    }

    /** Waits up to 5 s for every process mentioning {@code marker} to be gone, then fails naming the survivors. */
    static void assertNoProcesses(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<ProcessHandle> left = processesMentioning(marker);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = processesMentioning(marker);
        }
        List<String> names = left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertTrue(names.isEmpty(), "orphan processes left: " + names);
    }

    /** The failures of a bank, and checks that successes and failures split exactly on a > 0.5. */
    static List<Failure> assertFailsExactlyWhenAAbove(Path bank, double cut, String reasonPart) {
        Bank b = BankReader.read(bank);
        for (int i = 0; i < b.size(); i++) {
            assertTrue(b.theta(i)[0] <= cut, "row " + i + " has a = " + b.theta(i)[0] + " and should have failed");
        }
        assertTrue(b.size() > 0, "some simulations must succeed");
        assertTrue(!b.failures().isEmpty(), "some simulations must fail");
        for (Failure f : b.failures()) {
            assertTrue(f.theta()[0] > cut, "simulation " + f.index() + " failed with a = " + f.theta()[0] + ": " + f.reason());
            assertTrue(f.reason().contains(reasonPart), "reason of " + f.index() + " should mention '" + reasonPart
                    + "': " + f.reason());
        }
        return b.failures();
    }
}
