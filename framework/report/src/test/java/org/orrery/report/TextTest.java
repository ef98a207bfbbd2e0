package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.orrery.report.internal.Text;

class TextTest {

    @Test
    void latexLabelsBecomeReadableUnicode() {
        assertEquals("Ωₘ", Text.latexToUnicode("\\Omega_m"));
        assertEquals("σ₈", Text.latexToUnicode("$\\sigma_8$"));
        assertEquals("log₁₀ Mₘᵢₙ", Text.latexToUnicode("\\log_{10} M_{\\rm min}"));
        assertEquals("h⁻¹ Mpc", Text.latexToUnicode("h^{-1}\\,\\mathrm{Mpc}"));
        assertEquals("θ_(ab)", Text.latexToUnicode("\\theta_{ab}"), "no Unicode subscript for b: readable fallback");
        assertEquals("M⊙/h", Text.latexToUnicode("M_\\odot/h"));
        assertEquals("x_1", Text.latexToUnicode("x\\_1"));
        assertEquals("Ωₘ [M⊙]", Text.axisLabel("\\Omega_m", "M_\\odot"));
        assertEquals("θ", Text.axisLabel("\\theta", ""));
    }

    @Test
    void latexEscapingCoversEverySpecialCharacter() {
        assertEquals("ks\\_p\\_theta\\_1", Text.latexEscape("ks_p_theta_1"));
        assertEquals("50\\% \\& \\$x\\# \\{\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
                Text.latexEscape("50% & $x# {} ~ ^ \\"));
    }

    @Test
    void numbersKeepFourSignificantDigits() {
        assertEquals("0.4321", Text.number(0.432123));
        assertEquals("1235", Text.number(1234.5));
        assertEquals("3.200e-07", Text.number(3.2e-7));
        assertEquals("n/a", Text.number(Double.NaN));
        assertEquals("$3.200\\times10^{-7}$", Text.latexNumber(3.2e-7));
        assertEquals("$-0.5$", Text.latexNumber(-0.5));
        assertEquals("--", Text.latexNumber(Double.POSITIVE_INFINITY));
    }
}
