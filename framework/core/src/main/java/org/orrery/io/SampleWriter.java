package org.orrery.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;

/**
 * Writes posterior samples {@code [n, dθ]} with their parameter names, in the format named by the
 * extension: {@code .h5}/{@code .hdf5} (dataset {@code /samples} with a {@code parameter_names}
 * attribute), {@code .fits} (a binary table with one named double column per parameter) or
 * {@code .csv} (a header row of parameter names). Written to a temporary file and moved into place.
 */
public final class SampleWriter {

    private SampleWriter() {
    }

    public static void write(Path out, List<String> names, double[][] samples) {
        validate(names, samples);
        String f = out.getFileName().toString().toLowerCase(Locale.ROOT);
        AtomicFiles.Writer w;
        if (f.endsWith(".h5") || f.endsWith(".hdf5")) {
            w = tmp -> writeHdf5(tmp, names, samples);
        } else if (f.endsWith(".fits") || f.endsWith(".fit")) {
            w = tmp -> writeFits(tmp, names, samples);
        } else if (f.endsWith(".csv")) {
            w = tmp -> writeCsv(tmp, names, samples);
        } else {
            throw new BadInputException("unknown samples format: " + out + " (expected .h5, .hdf5, .fits or .csv)");
        }
        AtomicFiles.write(out, w);
    }

    private static void validate(List<String> names, double[][] samples) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("samples need parameter names, got: " + names);
        }
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("no samples to write");
        }
        for (int i = 0; i < samples.length; i++) {
            if (samples[i] == null || samples[i].length != names.size()) {
                throw new IllegalArgumentException("sample " + i + " has " + (samples[i] == null ? 0 : samples[i].length)
                        + " values, expected " + names.size() + " (" + names + ")");
            }
        }
    }

    private static void writeHdf5(Path tmp, List<String> names, double[][] samples) throws IOException {
        int d = names.size();
        double[] flat = new double[samples.length * d];
        for (int i = 0; i < samples.length; i++) {
            System.arraycopy(samples[i], 0, flat, i * d, d);
        }
        try (Hdf5Writer h = Hdf5Writer.create(tmp)) {
            String[] n = names.toArray(String[]::new);
            h.root().doubles("samples", flat, samples.length, d).attribute("parameter_names", n);
            h.root().attribute("parameter_names", n);
            h.root().attribute("format", "orrery-samples");
        }
    }

    private static void writeFits(Path tmp, List<String> names, double[][] samples) throws Exception {
        BinaryTable table = new BinaryTable();
        for (int p = 0; p < names.size(); p++) {
            double[] col = new double[samples.length];
            for (int i = 0; i < samples.length; i++) {
                col[i] = samples[i][p];
            }
            table.addColumn(col);
        }
        BinaryTableHDU hdu = BinaryTableHDU.wrap(table);
        for (int p = 0; p < names.size(); p++) {
            hdu.setColumnName(p, names.get(p), "posterior samples of " + names.get(p));
        }
        hdu.getHeader().addValue("EXTNAME", "SAMPLES", "posterior samples");
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(tmp.toFile());
        }
    }

    private static void writeCsv(Path tmp, List<String> names, double[][] samples) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(String.join(",", names));
            w.newLine();
            StringBuilder b = new StringBuilder();
            for (double[] s : samples) {
                b.setLength(0);
                for (int p = 0; p < s.length; p++) {
                    // Double.toString round-trips exactly
                    b.append(p > 0 ? "," : "").append(s[p]);
                }
                w.write(b.toString());
                w.newLine();
            }
        }
    }
}
