package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a written report in Debian's headless Chromium, for tests (shipped in this module's
 * test-jar, which the CLI's tests use too). The page's own script counts its images into body data
 * attributes, read back from {@code --dump-dom}.
 */
public final class HeadlessChromium {

    public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    /** What the page's image check counted, and how many figures the page was written with. */
    public record Images(int loaded, int broken, int expected) {
    }

    private static final Pattern OK = Pattern.compile("data-images-ok=\"(\\d+)\"");
    private static final Pattern BROKEN = Pattern.compile("data-images-broken=\"(\\d+)\"");
    private static final Pattern EXPECTED = Pattern.compile("data-images-expected=\"(\\d+)\"");

    private HeadlessChromium() {
    }

    /**
     * Without Chromium, fails under CI (env {@code CI} set) and otherwise aborts the calling test,
     * loudly, so that a developer machine without it still runs the rest.
     */
    public static void requireInstalled() {
        if (!Files.isExecutable(EXECUTABLE)) {
            if (System.getenv("CI") != null) {
                fail("chromium is not installed at " + EXECUTABLE + " (apt-get install -y chromium); the report test needs it under CI");
            }
            System.err.println("SKIPPED: chromium not installed (apt-get install -y chromium) - report not checked in a browser");
            Assumptions.abort("SKIPPED: chromium not installed");
        }
    }

    /** Loads {@code page} and returns its image counts; fails if the page's check did not run. */
    public static Images images(Path page) throws IOException, InterruptedException {
        String dom = run(List.of("--dump-dom", page.toUri().toString()));
        Matcher ok = OK.matcher(dom);
        Matcher broken = BROKEN.matcher(dom);
        Matcher expected = EXPECTED.matcher(dom);
        assertTrue(ok.find() && broken.find() && expected.find(), "the page's image check did not run; DOM starts: "
                + dom.substring(0, Math.min(400, dom.length())));
        return new Images(Integer.parseInt(ok.group(1)), Integer.parseInt(broken.group(1)), Integer.parseInt(expected.group(1)));
    }

    /** Screenshots {@code page} at {@code width}×{@code height} into {@code png} (replaced) and reads it back. */
    public static BufferedImage screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                page.toUri().toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "screenshot not written: " + png);
        assertEquals(width, img.getWidth(), "screenshot width");
        return img;
    }

    /** Runs Chromium headless with a throw-away profile and returns its standard output. */
    public static String run(List<String> extra) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory("orrery-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
            cmd.addAll(extra);
            Path log = Files.createTempFile("orrery-chromium-", ".log");
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish in 90 s: " + cmd);
            }
            String err = Files.readString(log);
            Files.delete(log);
            assertEquals(0, p.exitValue(), "chromium failed: " + err);
            return new String(stdout, StandardCharsets.UTF_8);
        } finally {
            try (var walk = Files.walk(profile)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
