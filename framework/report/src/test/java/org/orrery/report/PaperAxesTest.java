package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.orrery.parameter.Parameter;
import org.orrery.report.internal.Kde;
import org.orrery.report.internal.Plot;
import org.orrery.report.internal.Text;

/**
 * Issue 18's figure defects that are about text on the axes and titles: ticks at 1, 10, 19, 28… and
 * 0, 0.08, 0.16…; "1E4" tick labels; a bimodal posterior titled with one median ± interval; a raw id
 * for P(k)'s axes; and (found looking at a P(k) report in Chromium) a Δ/σ panel labelled "0" alone.
 */
class PaperAxesTest {

    @Test
    void linearTicksFallOnRoundValues() {
        for (double[] range : new double[][] {{1, 28}, {0, 0.35}, {-0.37, 0.41}, {1, 206}}) {
            List<String> labels = new Plot.Axis(range[0], range[1], false, 5).tickLabels();
            double[] v = labels.stream().mapToDouble(t -> Double.parseDouble(t.replace('−', '-'))).toArray();
            assertTrue(v.length >= 2, labels.toString());
            double step = v[1] - v[0];
            assertEquals(Plot.niceStep(step), step, 1e-12, "a step of 1, 2, 2.5 or 5 × 10ⁿ: " + labels);
            for (double t : v) {
                assertEquals(Math.round(t / step), t / step, 1e-9, "every tick a multiple of the step: " + labels);
            }
        }
        assertEquals(List.of("10", "20"), new Plot.Axis(1, 28, false, 5).tickLabels(), "not 1, 10, 19, 28");
        assertEquals(List.of("0.0", "0.1", "0.2", "0.3"), new Plot.Axis(0, 0.35, false, 5).tickLabels(), "not 0, 0.08, 0.16");
    }

    @Test
    void logTicksArePowersOfTenNotComputerNotation() {
        List<String> labels = new Plot.Axis(3, 2e4, true, 8).tickLabels();
        assertEquals(List.of("10¹", "10²", "10³", "10⁴"), labels);
        assertFalse(String.join(" ", labels).contains("E"), labels.toString());
    }

    @Test
    void residualPanelsHaveLabelsBesideZero() {
        assertEquals(List.of("−40", "−20", "0", "20", "40"), Figures.residualAxis(37.3).tickLabels());
        assertTrue(Figures.residualAxis(0.4).tickLabels().size() >= 3, Figures.residualAxis(0.4).tickLabels().toString());
        assertTrue(Figures.residualAxis(Double.NaN).tickLabels().contains("0"));
    }

    @Test
    void aBimodalMarginalIsTitledByItsModesAUnimodalOneByMedianAndInterval() {
        Parameter p = new Parameter("theta_1", "", "\\theta_1", -1, 1);
        double[] twoModes = new double[4000];
        double[] oneMode = new double[4000];
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < twoModes.length; i++) {
            twoModes[i] = (i % 2 == 0 ? -0.5 : 0.5) + 0.05 * rng.nextGaussian();
            oneMode[i] = 0.1 + 0.05 * rng.nextGaussian();
        }
        String bimodal = Figures.summary(p, twoModes, Kde.marginal(twoModes, new double[] {-1, 1}, 128));
        assertTrue(bimodal.startsWith("θ₁: modes near −0.5") && bimodal.contains(", 0.5"), bimodal);
        String unimodal = Figures.summary(p, oneMode, Kde.marginal(oneMode, new double[] {-1, 1}, 128));
        assertTrue(unimodal.matches("θ₁ = 0\\.10\\d? \\+0\\.0\\d+/−0\\.0\\d+"), unimodal);
    }

    @Test
    void powerSpectrumAxesReadAsInAPaper() {
        assertEquals("k [h Mpc⁻¹]", Text.prettyLabel("k [h/Mpc]"));
        assertEquals("P(k) [h⁻³ Mpc³]", Text.prettyLabel("P(k) [(Mpc/h)^3]"));
    }
}
