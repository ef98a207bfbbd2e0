package org.orrery.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/** The shipped EHT 2017 test files (see src/test/resources/eht2017/README.md), unzipped once per JVM. */
public final class EhtTestData {

    public static final String STEM = "SR1_M87_2017_096_lo_hops_netcal_StokesI";
    private static Path dir;

    private EhtTestData() {
    }

    public static synchronized Path file(String extension) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("orrery-eht");
                dir.toFile().deleteOnExit();
            }
            Path out = dir.resolve(STEM + "." + extension);
            if (!Files.exists(out)) {
                try (InputStream in = new GZIPInputStream(EhtTestData.class.getResourceAsStream("/eht2017/" + STEM + "." + extension + ".gz"))) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                out.toFile().deleteOnExit();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path uvfits() {
        return file("uvfits");
    }

    public static Path txt() {
        return file("txt");
    }
}
