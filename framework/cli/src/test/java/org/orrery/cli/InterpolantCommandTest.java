package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 end to end through the real commands, host and bundles: simulate a linear_field bank
 * (declared latent delta_initial), train --estimator interpolant (a tiny U-Net, one epoch), infer
 * from an HDF5 observation, and open the joint samples in h5py: θ in /samples, the initial-field
 * draws in /fields/delta_initial [N, 16, 16] and their mean and std fields. Not a quality check
 * (posteriors/interpolant's InterpolantWienerTest is); this checks the plumbing and the layout.
 */
class InterpolantCommandTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir Path dir;

    @Test
    void trainAndInferWriteJointFieldSamplesThatH5pyOpens() throws Exception {
        requireH5py();
        String plugins = TestPlugins.folder(dir, "orrery-cosmology-simulators", "orrery-interpolant").toString();
        Path bank = dir.resolve("bank.h5");
        var r = MainTest.run("simulate", "--plugins", plugins, "--simulator", "linear_field", "--set", "grid=16",
                "--num", "40", "--seed", "3", "--out", bank.toString());
        assertEquals(0, r.status(), r.err());
        Files.writeString(dir.resolve("si.yaml"), "channels: \"8,16\"\nmax_epochs: 1\nbatch_size: 8\nsampling_steps: 4\nsample_batch: 8\n");
        Path posterior = dir.resolve("si.orrery");
        String[] train = {"train", "--plugins", plugins, "--estimator", "interpolant", "--bank", bank.toString(), "--out",
                posterior.toString(), "--seed", "1", "--config", dir.resolve("si.yaml").toString()};
        // no retry: the first-epoch NaN this test used to meet was libtorch's oneDNN AVX-512 kernels (issue 13),
        // now capped at AVX2 by org.orrery.nn.Nn
        r = MainTest.run(train);
        assertEquals(0, r.status(), r.err());
        Path obs = dir.resolve("obs.h5");
        python("import h5py, sys\nb = h5py.File(sys.argv[1] + '/bank.h5', 'r')\n"
                + "with h5py.File(sys.argv[1] + '/obs.h5', 'w') as f:\n    f['delta'] = b['delta'][0]\nprint('ok')\n");
        Path samples = dir.resolve("samples.h5");
        r = MainTest.run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation", obs.toString(),
                "--num-samples", "10", "--seed", "9", "--out", samples.toString());
        assertEquals(0, r.status(), r.err());
        String out = python(String.join("\n",
                "import h5py, sys, numpy as np",
                "f = h5py.File(sys.argv[1] + '/samples.h5', 'r')",
                "assert f['samples'].shape == (10, 1), f['samples'].shape",
                "d = f['fields/delta_initial']",
                "assert d.shape == (10, 16, 16) and d.dtype == np.float32, (d.shape, d.dtype)",
                "m = f['fields/delta_initial_mean'][()]",
                "s = f['fields/delta_initial_std'][()]",
                "assert m.shape == (16, 16) and s.shape == (16, 16)",
                "x = d[()].astype(np.float64)",
                "assert np.isfinite(x).all() and (s > 0).all()",
                "assert np.allclose(m, x.mean(axis=0), atol=1e-5), abs(m - x.mean(axis=0)).max()",
                "assert np.allclose(s, x.std(axis=0, ddof=1), rtol=1e-4, atol=1e-6)",
                "print('ok', d.shape)", ""));
        assertTrue(out.startsWith("ok"), out);
    }

    private String python(String script) throws Exception {
        Path py = Files.createTempFile(dir, "check", ".py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString(), dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python check failed:\n" + out);
        return out;
    }

    /** CI installs python3-h5py and must run this; elsewhere a missing h5py is said loudly. */
    private static void requireH5py() throws Exception {
        boolean ok = Files.isExecutable(Path.of(PYTHON));
        if (ok) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok && System.getenv("CI") != null) {
            throw new AssertionError("CI must have python3-h5py (.ci/run installs it)");
        }
        if (!ok) {
            System.err.println("SKIPPED: interpolant joint samples read by h5py — python3-h5py not installed");
        }
        Assumptions.assumeTrue(ok, "SKIPPED: python3-h5py not installed");
    }
}
