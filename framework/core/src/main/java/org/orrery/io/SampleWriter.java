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

    /**
     * Provenance keys and their FITS keywords (other keys go into HISTORY cards as "key = value"):
     * what a reader of the samples needs to know where they came from.
     */
    public static final java.util.Map<String, String> FITS_KEYWORDS = java.util.Map.ofEntries(
            java.util.Map.entry("orrery_version", "ORRVER"), java.util.Map.entry("posterior_file", "POSTFILE"),
            java.util.Map.entry("posterior_sha256", "POSTSHA"), java.util.Map.entry("estimator", "ESTIMATR"),
            java.util.Map.entry("estimator_version", "ESTVER"), java.util.Map.entry("estimator_config", "ESTCONF"),
            java.util.Map.entry("simulator", "SIMULATR"), java.util.Map.entry("simulator_version", "SIMVER"),
            java.util.Map.entry("observation_file", "OBSFILE"), java.util.Map.entry("observation_sha256", "OBSSHA"),
            java.util.Map.entry("seed", "SEED"), java.util.Map.entry("prior", "PRIOR"),
            java.util.Map.entry("ood_mahalanobis", "OODMAHAL"), java.util.Map.entry("ood_fraction_farther", "OODFRAC"),
            java.util.Map.entry("ood_max_abs_z", "OODMAXZ"), java.util.Map.entry("ood_training_simulations", "OODNSIM"),
            java.util.Map.entry("ood_warning", "OODWARN"), java.util.Map.entry("created", "DATE-SMP"));

    public static void write(Path out, List<String> names, double[][] samples) {
        write(out, names, samples, java.util.Map.of());
    }

    /**
     * Writes samples with their provenance ({@code key → value}, e.g. from {@link #FITS_KEYWORDS}'s
     * keys): HDF5 root attributes, FITS header cards (long values continue over CONTINUE cards, as
     * astropy reads them); CSV stays a plain table (comment lines break pandas.read_csv). HDF5 files also
     * hold one dataset per parameter, named after it, beside {@code /samples}.
     */
    public static void write(Path out, List<String> names, double[][] samples, java.util.Map<String, String> provenance) {
        validate(names, samples);
        java.util.Map<String, String> prov = new java.util.LinkedHashMap<>(provenance);
        String f = out.getFileName().toString().toLowerCase(Locale.ROOT);
        AtomicFiles.Writer w;
        if (f.endsWith(".h5") || f.endsWith(".hdf5")) {
            w = tmp -> writeHdf5(tmp, names, samples, prov);
        } else if (f.endsWith(".fits") || f.endsWith(".fit")) {
            w = tmp -> writeFits(tmp, names, samples, prov);
        } else if (f.endsWith(".csv")) {
            w = tmp -> writeCsv(tmp, names, samples, prov);
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

    private static void writeHdf5(Path tmp, List<String> names, double[][] samples, java.util.Map<String, String> prov)
            throws IOException {
        writeHdf5(tmp, names, samples, prov, h -> { });
    }

    /** What a writer of more content (joint field samples) adds to the samples file before it is closed. */
    interface Hdf5Extra {
        void write(Hdf5Writer h) throws IOException;
    }

    /** The samples file, then {@code extra}'s datasets in the same file. */
    static void writeHdf5(Path tmp, List<String> names, double[][] samples, java.util.Map<String, String> prov, Hdf5Extra extra)
            throws IOException {
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
            for (var e : prov.entrySet()) {
                if (!e.getKey().equals("format") && !e.getKey().equals("parameter_names")) {
                    h.root().attribute(e.getKey(), e.getValue());
                }
            }
            for (int p = 0; p < d; p++) {
                if (names.get(p).equals("samples")) {
                    continue; // the [n, d] table keeps that name
                }
                double[] col = new double[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    col[i] = samples[i][p];
                }
                h.root().doubles(names.get(p), col, samples.length);
            }
            extra.write(h);
        }
    }

    private static void writeFits(Path tmp, List<String> names, double[][] samples, java.util.Map<String, String> prov)
            throws Exception {
        writeFits(tmp, names, samples, prov, fits -> { });
    }

    /** What a writer of more content (joint field samples) adds as further HDUs after the samples table. */
    interface FitsExtra {
        void write(Fits fits) throws Exception;
    }

    /** The samples table, then {@code extra}'s HDUs in the same file. */
    static void writeFits(Path tmp, List<String> names, double[][] samples, java.util.Map<String, String> prov, FitsExtra extra)
            throws Exception {
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
        nom.tam.fits.FitsFactory.setLongStringsEnabled(true);
        for (var e : prov.entrySet()) {
            String kw = FITS_KEYWORDS.get(e.getKey());
            String v = e.getValue() == null ? "" : e.getValue().replaceAll("[^\\x20-\\x7e]", "?");
            if (kw != null) {
                hdu.getHeader().addValue(kw, v, e.getKey().replace('_', ' '));
            } else {
                hdu.getHeader().insertHistory(e.getKey() + " = " + v);
            }
        }
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            extra.write(fits);
            fits.write(tmp.toFile());
        }
    }

    private static void writeCsv(Path tmp, List<String> names, double[][] samples, java.util.Map<String, String> prov)
            throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            // no provenance lines: "# ..." before the header breaks pandas.read_csv and most spreadsheet imports
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

    /** SHA-256 of a file, hex: the checksum recorded for the posterior and observation files. */
    public static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + AtomicFiles.describe(e));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
