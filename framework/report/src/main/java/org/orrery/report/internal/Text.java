package org.orrery.report.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;

/** Label and number formatting for figures (Unicode), HTML and LaTeX. */
public final class Text {

    private Text() {
    }

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"), Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"), Map.entry("zeta", "ζ"), Map.entry("eta", "η"),
            Map.entry("theta", "θ"), Map.entry("vartheta", "ϑ"), Map.entry("iota", "ι"), Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("nu", "ν"), Map.entry("xi", "ξ"),
            Map.entry("pi", "π"), Map.entry("rho", "ρ"), Map.entry("sigma", "σ"), Map.entry("tau", "τ"),
            Map.entry("upsilon", "υ"), Map.entry("phi", "φ"), Map.entry("varphi", "φ"), Map.entry("chi", "χ"),
            Map.entry("psi", "ψ"), Map.entry("omega", "ω"), Map.entry("Gamma", "Γ"), Map.entry("Delta", "Δ"),
            Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"), Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"),
            Map.entry("Sigma", "Σ"), Map.entry("Upsilon", "Υ"), Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"),
            Map.entry("Omega", "Ω"), Map.entry("ell", "ℓ"), Map.entry("odot", "⊙"), Map.entry("sun", "☉"),
            Map.entry("cdot", "·"), Map.entry("times", "×"), Map.entry("pm", "±"), Map.entry("log", "log"),
            Map.entry("ln", "ln"), Map.entry("exp", "exp"), Map.entry("star", "*"), Map.entry("prime", "′"),
            Map.entry("infty", "∞"), Map.entry("partial", "∂"), Map.entry("langle", "⟨"), Map.entry("rangle", "⟩"));
    private static final String SUB_FROM = "0123456789+-=()aehijklmnoprstuvx";
    private static final String SUB_TO = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ";
    private static final String SUP_FROM = "0123456789+-=()in*";
    private static final String SUP_TO = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ*";

    /**
     * Renders the small LaTeX subset used in parameter labels ({@code \Omega_m}, {@code \sigma_8},
     * {@code \log_{10} M_{\rm min}}) as Unicode, since chart fonts cannot typeset TeX.
     */
    public static String latexToUnicode(String latex) {
        if (latex == null) {
            return "";
        }
        String s = latex.replace("$", "").replace("\\,", " ").replace("\\;", " ").replace("\\!", "").replace("~", " ");
        s = s.replaceAll("\\\\(mathrm|text|rm|mathit|it|mathbf|bf|operatorname)\\s*", "");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1) { // escaped symbol such as \_ or \%
                    if (j < s.length()) {
                        out.append(s.charAt(j));
                    }
                    i = j + 1;
                    continue;
                }
                String name = s.substring(i + 1, j);
                out.append(COMMANDS.getOrDefault(name, name));
                i = j;
            } else if (c == '_' || c == '^') {
                int[] end = new int[1];
                String arg = latexToUnicode(group(s, i + 1, end));
                out.append(script(arg, c == '_'));
                i = end[0];
            } else if (c == '{' || c == '}') {
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private static String group(String s, int start, int[] end) {
        if (start >= s.length()) {
            end[0] = start;
            return "";
        }
        if (s.charAt(start) == '{') {
            int depth = 0;
            for (int k = start; k < s.length(); k++) {
                if (s.charAt(k) == '{') {
                    depth++;
                } else if (s.charAt(k) == '}' && --depth == 0) {
                    end[0] = k + 1;
                    return s.substring(start + 1, k);
                }
            }
            end[0] = s.length();
            return s.substring(start + 1);
        }
        if (s.charAt(start) == '\\') {
            int k = start + 1;
            while (k < s.length() && Character.isLetter(s.charAt(k))) {
                k++;
            }
            end[0] = k;
            return s.substring(start, k);
        }
        end[0] = start + 1;
        return s.substring(start, start + 1);
    }

    /** Unicode sub/superscript when every character has one, else a readable fallback. */
    private static String script(String arg, boolean sub) {
        String from = sub ? SUB_FROM : SUP_FROM;
        String to = sub ? SUB_TO : SUP_TO;
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < arg.length(); k++) {
            char ch = arg.charAt(k) == '−' ? '-' : arg.charAt(k);
            int idx = from.indexOf(ch);
            if (idx < 0) {
                if (arg.length() == 1 && !Character.isLetterOrDigit(arg.charAt(0))) {
                    return arg; // M_\odot: the symbol itself reads right
                }
                return sub ? "_" + (arg.length() > 1 ? "(" + arg + ")" : arg) : "^" + (arg.length() > 1 ? "(" + arg + ")" : arg);
            }
            b.append(to.charAt(idx));
        }
        return b.toString();
    }

    /** An axis title: the parameter's label with its unit in brackets. */
    public static String axisLabel(String latex, String unit) {
        String label = latexToUnicode(latex);
        String u = latexToUnicode(unit);
        return u.isEmpty() ? label : label + " [" + u + "]";
    }

    /** Escapes text for use in LaTeX outside math mode. */
    public static String latexEscape(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(c);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                case '<' -> b.append("\\textless{}");
                case '>' -> b.append("\\textgreater{}");
                case '\n', '\r' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String html(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Four significant digits; scientific notation outside [1e-3, 1e5). Non-finite values print as "n/a". */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** Like {@link #number} but scientific notation as LaTeX math. */
    public static String latexNumber(double v) {
        String s = number(v);
        int e = s.indexOf('e');
        if (e < 0) {
            return s.equals("n/a") ? "--" : s.startsWith("-") ? "$" + s + "$" : s;
        }
        String mantissa = s.substring(0, e);
        int exponent = Integer.parseInt(s.substring(e + 1));
        return "$" + mantissa + "\\times10^{" + exponent + "}$";
    }

    /** Unicode superscript of digits and signs ("-3" → "⁻³"). */
    public static String superscript(String digits) {
        return script(digits, false);
    }

    /**
     * An axis label as a paper prints it: cosmology units in h-first power form
     * ({@code k [h/Mpc]} → {@code k [h Mpc⁻¹]}, {@code (Mpc/h)^3} → {@code h⁻³ Mpc³},
     * {@code r [Mpc/h]} → {@code r [h⁻¹ Mpc]}).
     */
    public static String prettyLabel(String label) {
        if (label == null) {
            return "";
        }
        String s = label.trim();
        s = s.replace("(Mpc/h)^3", "h⁻³ Mpc³").replace("(Mpc/h)³", "h⁻³ Mpc³").replace("Mpc^3/h^3", "h⁻³ Mpc³")
                .replace("(h^-1 Mpc)^3", "h⁻³ Mpc³").replace("h^-3 Mpc^3", "h⁻³ Mpc³")
                .replace("(Mpc/h)^2", "h⁻² Mpc²");
        s = s.replace("h/Mpc", "h Mpc⁻¹").replace("Mpc/h", "h⁻¹ Mpc").replace("h^-1", "h⁻¹").replace("Mpc^-1", "Mpc⁻¹");
        return s;
    }

    /** "power_spectrum P0" → "Power spectrum P0": ids become words for titles and tables. */
    public static String human(String id) {
        if (id == null || id.isBlank()) {
            return "";
        }
        String s = id.replace('_', ' ').trim();
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
