package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens a written report in Debian's headless Chromium: every image must load (the page's own
 * script counts them into body data attributes, read back from --dump-dom), and a screenshot is
 * kept in target/ for people to look at. Without Chromium the test fails under CI and is skipped
 * loudly elsewhere.
 */
class ReportChromiumTest {

    static final Path TARGET = Path.of("target").toAbsolutePath();

    @BeforeAll
    static void needChromium() {
        HeadlessChromium.requireInstalled();
    }

    @Test
    void reportLoadsInHeadlessChromiumWithEveryImage() throws Exception {
        Path page = Fixtures.report().writeTo(TARGET.resolve("report-chromium")).resolve("index.html");
        assertEquals(new HeadlessChromium.Images(6, 0, 6), HeadlessChromium.images(page), "loaded, broken, expected images");

        // the check must be able to fail: the same page with one PNG missing reports it broken
        Path damaged = TARGET.resolve("report-chromium-damaged");
        Fixtures.report().writeTo(damaged);
        Files.delete(damaged.resolve("figures/tarp.png"));
        assertEquals(new HeadlessChromium.Images(5, 1, 6), HeadlessChromium.images(damaged.resolve("index.html")),
                "a missing PNG must be counted as broken");

        BufferedImage img = HeadlessChromium.screenshot(page, TARGET.resolve("report-screenshot.png"), 1280, 2000);
        assertTrue(Fixtures.lumaStdDev(img) > 10, "screenshot is blank");
    }
}
