package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The field-slices figure: a positive field paints its panel red, a negative one blue (diverging map
 * about zero), a sequential panel runs dark to light; a panel of the wrong size is refused naming it.
 */
class FieldSlicesTest {

    @Test
    void divergingPanelsShowTheSignAndSequentialOnesTheLevel() {
        int n = 8;
        double[] plus = new double[n * n];
        double[] minus = new double[n * n];
        double[] ramp = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            plus[i] = 1;
            minus[i] = -1;
            ramp[i] = i;
        }
        Figure f = FieldSlices.of("slices", "test", n, List.of(new FieldSlices.Panel("plus", plus, -1, 1, true),
                new FieldSlices.Panel("minus", minus, -1, 1, true), new FieldSlices.Panel("ramp", ramp, 0, n * n - 1, false)));
        BufferedImage img = f.toImage();
        double scale = Figure.DPI / 72.0;
        // the centre of each 150-point panel's image area (6 + 69 points in, 16 + 69 down)
        Color p = new Color(img.getRGB((int) (75 * scale), (int) (85 * scale)));
        Color m = new Color(img.getRGB((int) ((150 + 75) * scale), (int) (85 * scale)));
        assertTrue(p.getRed() > 200 && p.getBlue() < 80, "positive is red: " + p);
        assertTrue(m.getBlue() > 200 && m.getRed() < 80, "negative is blue: " + m);
        Color top = new Color(img.getRGB((int) ((300 + 10) * scale), (int) (20 * scale)));
        Color bottom = new Color(img.getRGB((int) ((300 + 10) * scale), (int) (150 * scale)));
        assertTrue(luma(bottom) > luma(top) + 100, "the ramp runs dark (row 0, top) to light: " + top + " " + bottom);
        assertEquals(450, f.width());
    }

    @Test
    void aPanelOfTheWrongSizeIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> FieldSlices.of("s", "", 4, List.of(new FieldSlices.Panel("mean", new double[15], 0, 1, false))));
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("15"), e.getMessage());
    }

    private static double luma(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }
}
