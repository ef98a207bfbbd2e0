package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.bank.Bank;
import org.orrery.bank.BankReader;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignListener;
import org.orrery.campaign.CampaignSpec;
import org.orrery.campaign.TestSimulators;
import org.orrery.data.ArraySpec;

/**
 * The files a person opens with Debian's python3-h5py and python3-astropy: a bank (with failures),
 * a FITS image and an HDF5 observation, and samples in each format. Python checks values, shapes and
 * parameter names; astropy also writes an image that Orrery must read with the same shape.
 */
class PythonInteropTest {

    static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void h5pyAndAstropyReadOrreryFiles() throws Exception {
        requirePythonModules();
        // bank: 2-D image observable, some failures (Flaky) so /failures is populated
        new Campaign(new TestSimulators.Flaky(), "3.1.4",
                new CampaignSpec(200, 11, dir.resolve("bank.h5"), 2, Duration.ofMillis(200), false, 0),
                CampaignListener.NONE).run();
        // a field bank (observable delta and latent delta_initial, 4³ grids in a box) and a point-set bank
        // ... recording the settings it ran with
        new Campaign(new TestSimulators.Field(4), "1.0",
                org.orrery.bank.BankMetadata.canonicalSettings(java.util.Map.of("grid", 4, "box", 100.0, "fast", true)),
                new CampaignSpec(6, 2, dir.resolve("field.h5"), 2, Duration.ZERO, false, 0), CampaignListener.NONE,
                null).run();
        new Campaign(new TestSimulators.Points(0), "1.0", new CampaignSpec(30, 4, dir.resolve("points.h5"), 2,
                Duration.ZERO, false, 0), CampaignListener.NONE).run();
        // format 3: a float32 observable of 32³ (128 KiB a row, one HDF5 chunk per row) beside a float64
        // latent; Orrery's view of row 3 goes to a plain file for h5py to compare against
        new Campaign(new TestSimulators.Field32(32), "1.0", new CampaignSpec(5, 3, dir.resolve("field32.h5"), 2,
                Duration.ZERO, false, 0), CampaignListener.NONE).run();
        try (org.orrery.bank.BankView v = BankReader.open(dir.resolve("field32.h5"));
                Hdf5Writer w = Hdf5Writer.create(dir.resolve("row3.h5"))) {
            w.root().doubles("delta", v.x(3), v.x(3).length);
            w.root().doubles("delta_initial", v.values("delta_initial", 3), v.x(3).length);
        }
        Bank points = BankReader.read(dir.resolve("points.h5"));
        double[] row5 = points.values("velocities", 5);
        double[][] img = {{1.5, 2.5, 3.5}, {4.5, 5.5, 6.5}};
        try (Fits f = new Fits()) {
            f.addHDU(FitsFactory.hduFactory(img));
            f.write(dir.resolve("obs.fits").toFile());
        }
        try (WritableHdfFile h = HdfFile.write(dir.resolve("obs.h5"))) {
            h.putDataset("x", img);
        }
        double[][] samples = {{0.1, -0.2}, {0.3, 0.4}, {1e-17, 12345.678}};
        for (String ext : List.of("h5", "fits", "csv")) {
            SampleWriter.write(dir.resolve("samples." + ext), List.of("theta_1", "theta_2"), samples);
        }
        String script = """
                import sys, h5py, numpy as np
                from astropy.io import fits
                from astropy.table import Table
                d = sys.argv[1]
                with h5py.File(d + '/bank.h5', 'r') as f:
                    a = f.attrs
                    assert a['simulator_id'].decode() == 'test_flaky', a['simulator_id']
                    assert a['simulator_version'].decode() == '3.1.4'
                    assert [s.decode() for s in a['parameter_names']] == ['theta_1', 'theta_2'], a['parameter_names']
                    assert a['seed'] == 11 and a['num_requested'] == 200
                    ok, nf = int(a['num_ok']), int(a['num_failed'])
                    assert ok + nf == 200 and nf > 0, (ok, nf)
                    assert f['theta'].dtype == np.float64 and f['theta'].shape == (ok, 2), f['theta'].shape
                    assert f['x'].shape == (ok, 3), f['x'].shape
                    assert f['index'].dtype == np.int64
                    idx = np.concatenate([f['index'][()], f['failures/index'][()]])
                    assert sorted(idx.tolist()) == list(range(200)), 'every index exactly once'
                    assert np.all(np.isfinite(f['x'][()]))
                    assert np.all(np.abs(f['theta'][()]) <= 1)
                    assert f['failures/theta'].shape == (nf, 2)
                    reasons = [r.decode() for r in f['failures/reason'][()]]
                    assert any(r.startswith('threw IllegalStateException') for r in reasons), reasons
                    assert list(a['observable_shape']) == [3]
                    assert 'settings' not in a, 'a campaign that knows no settings records none'
                    print('bank ok', ok, nf)
                with h5py.File(d + '/field.h5', 'r') as f:
                    a = f.attrs
                    assert a['observable'].decode() == 'delta' and 'x' not in f, list(f)
                    assert a['box_length'] == 100.0 and a['box_grid'] == 4 and a['box_dims'] == 3, dict(a)
                    assert a['redshift'] == 0.5
                    import json
                    assert json.loads(a['settings'].decode()) == {'box': 100.0, 'fast': True, 'grid': 4}, a['settings']
                    assert [s.decode() for s in a['output_names']] == ['delta', 'delta_initial']
                    for name in ('delta', 'delta_initial'):
                        assert f[name].shape == (6, 4, 4, 4) and f[name].dtype == np.float64, f[name].shape
                        assert f[name].attrs['kind'].decode() == 'GRID'
                    # the test simulator's delta is 2 delta_initial + theta_2, cell by cell
                    th = f['theta'][()]
                    assert np.allclose(f['delta'][()], 2 * f['delta_initial'][()] + th[:, 1, None, None, None], rtol=0, atol=1e-12)
                with h5py.File(d + '/field32.h5', 'r') as f, h5py.File(d + '/row3.h5', 'r') as r:
                    assert f.attrs['format_version'] == 3, f.attrs['format_version']
                    assert [s.decode() for s in f.attrs['output_dtypes']] == ['float32', 'float64']
                    assert f['delta'].dtype == np.float32 and f['delta'].chunks == (1, 32, 32, 32), f['delta'].chunks
                    assert f['delta_initial'].dtype == np.float64 and f['delta_initial'].chunks == (1, 32, 32, 32)
                    assert f['theta'].chunks is None
                    assert np.array_equal(f['delta'][3].ravel().astype(np.float64), r['delta'][()])
                    assert np.array_equal(f['delta_initial'][3].ravel(), r['delta_initial'][()])
                    # every row, read chunk by chunk by HDF5 itself: delta = 2 delta_initial + theta_2, in float32
                    th = f['theta'][()]
                    for i in range(f['delta'].shape[0]):
                        want = (2 * f['delta_initial'][i] + th[i, 1]).astype(np.float32)
                        assert np.array_equal(f['delta'][i], want), i
                    print('field32 ok')
                with h5py.File(d + '/points.h5', 'r') as f:
                    off = f['positions_offsets'][()]
                    assert off.dtype == np.int64 and off.shape == (f.attrs['num_ok'] + 1,) and off[0] == 0
                    assert np.all(np.diff(off) >= 0) and off[-1] == f['positions'].shape[0]
                    assert f['positions'].shape[1] == 3 and f['positions'].attrs['unit'].decode() == 'Mpc/h'
                    assert np.array_equal(off, f['velocities_offsets'][()])
                    pos, vel = f['positions'][()], f['velocities'][()]
                    assert np.all((pos >= 0) & (pos < f.attrs['box_length']))
                    # velocities are 100 theta_1 * position, row by row
                    th = f['theta'][()]
                    for i in range(len(off) - 1):
                        assert np.allclose(vel[off[i]:off[i+1]], 100 * th[i, 0] * pos[off[i]:off[i+1]], rtol=1e-15, atol=0)
                    print('row5', ' '.join(repr(v) for v in vel[off[5]:off[6]].ravel()))
                img = fits.getdata(d + '/obs.fits')
                assert img.shape == (2, 3), img.shape
                assert img[1, 0] == 4.5 and img[0, 2] == 3.5, img
                with h5py.File(d + '/obs.h5', 'r') as f:
                    assert f['x'].shape == (2, 3) and f['x'][1, 2] == 6.5
                expected = np.array([[0.1, -0.2], [0.3, 0.4], [1e-17, 12345.678]])
                with h5py.File(d + '/samples.h5', 'r') as f:
                    assert f['samples'].shape == (3, 2)
                    assert np.array_equal(f['samples'][()], expected)
                    assert [s.decode() for s in f['samples'].attrs['parameter_names']] == ['theta_1', 'theta_2']
                t = Table.read(d + '/samples.fits')
                assert t.colnames == ['theta_1', 'theta_2'], t.colnames
                assert np.array_equal(np.array(t['theta_2']), expected[:, 1])
                c = np.genfromtxt(d + '/samples.csv', delimiter=',', names=True)
                assert list(c.dtype.names) == ['theta_1', 'theta_2']
                assert np.array_equal(c['theta_1'], expected[:, 0])
                # the other direction: an image astropy writes, shape (ny, nx) = (4, 5)
                fits.PrimaryHDU(np.arange(20, dtype='>f4').reshape(4, 5)).writeto(d + '/astropy.fits')
                print('all ok')
                """;
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("python check failed:\n" + output);
        }
        assertEquals("all ok", output.strip().lines().reduce((a, b) -> b).orElse(""), output);
        // python's repr of float64 round-trips exactly: the point set h5py sees is the one Orrery wrote
        String row = output.lines().filter(l -> l.startsWith("row5")).findFirst().orElseThrow().substring(4).strip();
        double[] fromPython = row.isEmpty() ? new double[0]
                : java.util.Arrays.stream(row.split(" ")).mapToDouble(Double::parseDouble).toArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(row5, fromPython, 0.0);
        Observation fromAstropy = ObservationReader.read(dir.resolve("astropy.fits").toString(),
                new ArraySpec("x", new int[] {4, 5}, "", ArraySpec.Kind.IMAGE));
        assertEquals(7.0, fromAstropy.values()[7], 0.0, "row-major: element [1, 2] is 7");
        assertEquals(19.0, fromAstropy.values()[19], 0.0);
    }

    /** Fails in CI (where .ci/run installs them), aborts loudly elsewhere. */
    static void requirePythonModules() throws Exception {
        String why;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            why = PYTHON + " not found";
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, astropy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            why = p.exitValue() == 0 ? null : out.strip();
        }
        if (why == null) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("python3-h5py/astropy are required in CI: " + why);
        }
        System.err.println("SKIPPED: python3-h5py/astropy not installed (" + why + ")");
        Assumptions.abort("SKIPPED: python3-h5py/astropy not installed (" + why + ")");
    }
}
