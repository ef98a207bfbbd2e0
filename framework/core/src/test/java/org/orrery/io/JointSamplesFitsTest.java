package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint field samples as FITS, opened by Debian's astropy: the θ table (SAMPLES), then per latent a
 * float32 cube of the draws with astropy shape (N, …grid) in the same axis order as the HDF5
 * dataset, and its mean and std images, for a 2-D and a 3-D latent (non-square 2-D to catch a swapped
 * axis). Values are checked cell by cell against what was written.
 */
class JointSamplesFitsTest {

    @TempDir Path dir;

    @Test
    void astropyReadsTheDrawCubesMeanAndStd() throws Exception {
        PythonInteropTest.requirePythonModules();
        int n = 3;
        double[][] theta = {{0.3, 0.8}, {0.31, 0.79}, {0.29, 0.82}};
        double[][] flat2 = new double[n][4 * 5];
        double[][] flat3 = new double[n][2 * 3 * 4];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < flat2[i].length; c++) {
                flat2[i][c] = i * 100 + c + 0.25;
            }
            for (int c = 0; c < flat3[i].length; c++) {
                flat3[i][c] = -(i * 100 + c) - 0.5;
            }
        }
        Path out = dir.resolve("joint.fits");
        JointSampleWriter.write(out, List.of("Omega_m", "sigma_8"), theta, Map.of("seed", "9", "estimator", "interpolant"),
                List.of(new JointSampleWriter.FieldDraws("delta_initial", new int[] {4, 5}, flat2),
                        new JointSampleWriter.FieldDraws("delta3", new int[] {2, 3, 4}, flat3)));
        String script = String.join("\n",
                "import sys, numpy as np",
                "from astropy.io import fits",
                "h = fits.open(sys.argv[1])",
                "names = [x.name for x in h]",
                "assert names == ['PRIMARY', 'SAMPLES', 'DELTA_INITIAL', 'DELTA_INITIAL_MEAN', 'DELTA_INITIAL_STD',"
                        + " 'DELTA3', 'DELTA3_MEAN', 'DELTA3_STD'], names",
                "t = h['SAMPLES'].data",
                "assert np.allclose(t['Omega_m'], [0.3, 0.31, 0.29]) and np.allclose(t['sigma_8'], [0.8, 0.79, 0.82])",
                "d = h['DELTA_INITIAL'].data",
                "assert d.shape == (3, 4, 5) and d.dtype.kind == 'f' and d.dtype.itemsize == 4, (d.shape, d.dtype)",
                "want = np.array([[i * 100 + c + 0.25 for c in range(20)] for i in range(3)]).reshape(3, 4, 5)",
                "assert np.array_equal(d.astype(np.float64), want.astype(np.float32).astype(np.float64)), abs(d - want).max()",
                "assert np.allclose(h['DELTA_INITIAL_MEAN'].data, want.mean(axis=0))",
                "assert np.allclose(h['DELTA_INITIAL_STD'].data, want.std(axis=0, ddof=1))",
                "e = h['DELTA3'].data",
                "want3 = -np.array([[i * 100 + c + 0.5 for c in range(24)] for i in range(3)]).reshape(3, 2, 3, 4)",
                "assert e.shape == (3, 2, 3, 4) and np.allclose(e, want3), e.shape",
                "assert h['DELTA3_MEAN'].data.shape == (2, 3, 4)",
                "print('ok', d.shape, e.shape)", "");
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PythonInteropTest.PYTHON, py.toString(), out.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "astropy check failed:\n" + text);
        assertTrue(text.startsWith("ok"), text);
    }

    @Test
    void csvIsRefusedForJointSamplesInOneLine() {
        var e = assertThrows(BadInputException.class, () -> JointSampleWriter.write(dir.resolve("j.csv"), List.of("a"),
                new double[][] {{1}, {2}}, Map.of(), List.of(new JointSampleWriter.FieldDraws("f", new int[] {2, 2},
                        new double[][] {new double[4], new double[4]}))));
        assertTrue(e.getMessage().contains("j.csv"), e.getMessage());
    }
}
