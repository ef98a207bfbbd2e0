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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens a written report in Debian's headless Chromium: every image must load (the page's own
 * script counts them into body data attributes, read back from --dump-dom), and a screenshot is
 * kept in target/ for people to look at. Without Chromium the test fails under CI and is skipped
 * loudly elsewhere.
 */
class ReportChromiumTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path TARGET = Path.of("target").toAbsolutePath();

    @BeforeAll
    static void needChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            if (System.getenv("CI") != null) {
                fail("chromium is not installed at " + CHROMIUM + " (apt-get install -y chromium); the report test needs it under CI");
            }
            System.err.println("SKIPPED: chromium not installed (apt-get install -y chromium) - report not checked in a browser");
            Assumptions.abort("SKIPPED: chromium not installed");
        }
    }

    @Test
    void reportLoadsInHeadlessChromiumWithEveryImage() throws Exception {
        Path out = Fixtures.report().writeTo(TARGET.resolve("report-chromium"));
        String url = out.resolve("index.html").toUri().toString();

        String dom = chromium(List.of("--dump-dom", url));
        Matcher ok = Pattern.compile("data-images-ok=\"(\\d+)\"").matcher(dom);
        Matcher broken = Pattern.compile("data-images-broken=\"(\\d+)\"").matcher(dom);
        assertTrue(ok.find() && broken.find(), "the page's image check did not run; DOM starts: "
                + dom.substring(0, Math.min(400, dom.length())));
        assertEquals(0, Integer.parseInt(broken.group(1)), "broken images");
        assertEquals(6, Integer.parseInt(ok.group(1)), "loaded images");

        // the check must be able to fail: the same page with one PNG missing reports it broken
        Path damaged = TARGET.resolve("report-chromium-damaged");
        Fixtures.report().writeTo(damaged);
        Files.delete(damaged.resolve("figures/tarp.png"));
        String dom2 = chromium(List.of("--dump-dom", damaged.resolve("index.html").toUri().toString()));
        assertTrue(dom2.contains("data-images-broken=\"1\""), "a missing PNG must be counted as broken");
        assertTrue(dom2.contains("data-images-ok=\"5\""));

        Path shot = TARGET.resolve("report-screenshot.png");
        Files.deleteIfExists(shot);
        chromium(List.of("--screenshot=" + shot, "--window-size=1280,2000", "--hide-scrollbars", url));
        BufferedImage img = ImageIO.read(shot.toFile());
        assertNotNull(img, "screenshot not written: " + shot);
        assertEquals(1280, img.getWidth());
        assertTrue(Fixtures.lumaStdDev(img) > 10, "screenshot is blank");
    }

    private static String chromium(List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("orrery-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
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
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
