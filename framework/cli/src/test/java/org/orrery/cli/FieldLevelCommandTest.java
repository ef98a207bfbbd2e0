package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 end to end from the command line on an lpt bank (2-D 16², particles kept): simulate a
 * training and a held-out bank, train --estimator interpolant (a tiny U-Net, two epochs), infer the
 * initial conditions of one held-out observation into HDF5 and FITS (opened by h5py and astropy), and
 * validate with the default checks of a joint posterior (fields, sbc, tarp), whose report holds the
 * field check's metrics and curves, the slices figure, ξ(r) of the forward-modelled particles and the
 * lpt forward model's provenance. Plumbing and layout, not quality: FieldsValidatorTest checks the
 * field check against exact Wiener posteriors.
 */
class FieldLevelCommandTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir Path dir;

    @Test
    void simulateTrainInferValidateOnLpt() throws Exception {
        requirePython();
        String plugins = TestPlugins.folder(dir, "orrery-cosmology-simulators", "orrery-interpolant",
                "orrery-calibration-validators", "orrery-field-validation").toString();
        String[] lpt = {"--simulator", "lpt", "--set", "grid=16", "--set", "dims=2", "--set", "keep_particles=true"};
        Path bank = dir.resolve("train.h5");
        Path held = dir.resolve("held.h5");
        var r = MainTest.run(cat(new String[] {"simulate", "--plugins", plugins}, lpt, "--num", "48", "--seed", "1", "--out", bank.toString()));
        assertEquals(0, r.status(), r.err());
        r = MainTest.run(cat(new String[] {"simulate", "--plugins", plugins}, lpt, "--num", "10", "--seed", "2", "--out", held.toString()));
        assertEquals(0, r.status(), r.err());

        Files.writeString(dir.resolve("si.yaml"), "channels: \"8,16\"\nmax_epochs: 2\nbatch_size: 16\nsampling_steps: 4\nsample_batch: 16\n");
        Path posterior = dir.resolve("si.orrery");
        String[] train = {"train", "--plugins", plugins, "--estimator", "interpolant", "--bank", bank.toString(), "--out",
                posterior.toString(), "--seed", "1", "--config", dir.resolve("si.yaml").toString()};
        r = MainTest.run(train);
        // no retry: a non-finite step (libtorch, issue 13) is recomputed inside training (Training.finiteStep)
        assertEquals(0, r.status(), r.err());

        python("import h5py, sys\nb = h5py.File(sys.argv[1] + '/held.h5', 'r')\n"
                + "with h5py.File(sys.argv[1] + '/obs.h5', 'w') as f:\n    f['delta'] = b['delta'][0]\n");
        for (String out : new String[] {"ic.h5", "ic.fits"}) {
            r = MainTest.run("infer", "--plugins", plugins, "--posterior", posterior.toString(), "--observation",
                    dir.resolve("obs.h5").toString(), "--num-samples", "6", "--seed", "9", "--out", dir.resolve(out).toString());
            assertEquals(0, r.status(), r.err());
        }
        String opened = python(String.join("\n",
                "import h5py, sys, numpy as np",
                "from astropy.io import fits",
                "d = sys.argv[1]",
                "h = h5py.File(d + '/ic.h5', 'r')['fields/delta_initial'][()]",
                "f = fits.open(d + '/ic.fits')",
                "c = f['DELTA_INITIAL'].data",
                "assert h.shape == (6, 16, 16) and c.shape == (6, 16, 16), (h.shape, c.shape)",
                "assert np.isfinite(c).all() and c.std() > 0",
                "assert f['SAMPLES'].data.columns.names == ['Omega_m', 'sigma_8'], f['SAMPLES'].data.columns.names",
                "assert np.allclose(f['DELTA_INITIAL_MEAN'].data, c.astype(np.float64).mean(axis=0), atol=1e-5)",
                "print('ok')", ""));
        assertTrue(opened.startsWith("ok"), opened);

        Path report = dir.resolve("report");
        r = MainTest.run("validate", "--plugins", plugins, "--posterior", posterior.toString(), "--bank", held.toString(),
                "--out", report.toString(), "--seed", "4", "--set", "fields.members=2", "--set", "fields.draws=8",
                "--set", "fields.forward_draws=2", "--set", "sbc.pairs=4", "--set", "sbc.samples=8", "--set", "tarp.pairs=4",
                "--set", "tarp.samples=8");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("running the checks fields, sbc, tarp"), r.out());
        assertTrue(r.out().matches("(?s).*fields +(PASS|FAIL) +delta_initial over 2 held-out fields.*"), r.out());
        JsonNode m = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        JsonNode fields = m.get("fields");
        assertTrue(fields != null && fields.get("metrics").has("coverage_mean") && fields.get("metrics").has("forward_r_kmin")
                && fields.get("metrics").has("forward_xi_ratio_rmin"), String.valueOf(fields));
        assertTrue(fields.get("series").has("r(k) of the posterior mean"), String.valueOf(fields.get("series")));
        assertTrue(m.has("sbc") && m.has("tarp"), m.toString());
        assertTrue(m.get("provenance").get("forward_model").asText().startsWith("lpt "), m.get("provenance").toString());
        for (String fig : new String[] {"slices_delta_initial", "fields_r_k_of_delta_initial", "fields_t_k_of_delta_initial",
                "fields_68_coverage_per_k", "fields_xi_r_of_positions", "corner_heldout_1"}) {
            assertTrue(Files.size(report.resolve("figures/" + fig + ".png")) > 1000, fig);
        }
        assertTrue(Files.readString(report.resolve("index.html")).contains("slices_delta_initial.png"));
    }

    private static String[] cat(String[] a, String[] b, String... c) {
        String[] out = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
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

    /** CI installs python3-h5py and python3-astropy and must run this; elsewhere their absence is said loudly. */
    private static void requirePython() throws Exception {
        boolean ok = Files.isExecutable(Path.of(PYTHON));
        if (ok) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, astropy, numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!ok && System.getenv("CI") != null) {
            throw new AssertionError("CI must have python3-h5py and python3-astropy (.ci/run installs them)");
        }
        if (!ok) {
            System.err.println("SKIPPED: field-level command test — python3-h5py/astropy not installed");
        }
        Assumptions.assumeTrue(ok, "SKIPPED: python3-h5py/astropy not installed");
    }
}
