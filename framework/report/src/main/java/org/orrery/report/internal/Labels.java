package org.orrery.report.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** Human labels and consistently rounded numbers for the report's tables. */
public final class Labels {

    private static final Map<String, String> CHECKS = Map.of("sbc", "SBC", "tarp", "TARP", "c2st", "C2ST",
            "coverage", "HPD coverage", "ppc", "Posterior predictive");

    private Labels() {
    }

    /** "sbc" → "SBC", "power_spectrum" → "Power spectrum", "ppc_2" → "Posterior predictive, obs. 2". */
    public static String check(String id) {
        if (id == null || id.isEmpty()) {
            return "";
        }
        if (id.matches("ppc_\\d+")) {
            return CHECKS.get("ppc") + ", obs. " + id.substring(4);
        }
        return CHECKS.getOrDefault(id, Text.human(id));
    }

    /** "ks_p_Omega_m" → "KS p, Omega m"; "coverage_68" → "coverage 68 %". */
    public static String quantity(String name) {
        String s = name;
        if (s.startsWith("ks_p_")) {
            return "KS p-value, " + s.substring(5).replace('_', ' ');
        }
        if (s.equals("mahalanobis_distance2")) {
            return "squared Mahalanobis distance";
        }
        if (s.matches("pvalue_x\\d+")) {
            return "p-value, x_" + s.substring(8);
        }
        if (s.matches("coverage_\\d+")) {
            return "coverage of the " + s.substring(9) + " % region";
        }
        String[] words = s.split("_");
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            String h = switch (w.toLowerCase(Locale.ROOT)) {
                case "ks" -> "KS";
                case "pvalue" -> "p-value";
                case "ecp" -> "ECP";
                case "hpd" -> "HPD";
                case "atc" -> "ATC";
                case "c2st" -> "C2ST";
                case "mahalanobis" -> "Mahalanobis";
                default -> w;
            };
            b.append(b.length() == 0 ? "" : " ").append(h);
        }
        // "KS p-value theta 1" → "KS p-value, theta_1": keep a trailing parameter name whole
        return b.toString().replaceFirst(" (theta|x|data) (\\d+)$", ", $1_$2");
    }

    /**
     * Value and uncertainty as printed: with an uncertainty, both rounded to its two significant
     * digits (0.5324 ± 0.0061 → "0.5324", "0.0061"; 12.3 ± 1.2 → "12.3", "1.2"); without one,
     * three significant digits; scientific notation outside [10⁻³, 10⁵).
     */
    public static String[] valueAndUncertainty(double value, double uncertainty) {
        if (!Double.isFinite(value)) {
            return new String[] {"n/a", ""};
        }
        if (!(uncertainty > 0) || Double.isInfinite(uncertainty)) {
            return new String[] {sig(value, 3), ""};
        }
        int exp = (int) Math.floor(Math.log10(uncertainty));
        int decimals = 1 - exp;
        double scale = Math.max(Math.abs(value), uncertainty);
        if (scale >= 1e5 || scale < 1e-3) {
            int e = (int) Math.floor(Math.log10(scale));
            int d = Math.max(0, e - exp + 1);
            double p = Math.pow(10, e);
            return new String[] {String.format(Locale.ROOT, "%." + d + "fe%d", value / p, e),
                String.format(Locale.ROOT, "%." + d + "fe%d", uncertainty / p, e)};
        }
        if (decimals <= 0) {
            return new String[] {round(value, decimals), round(uncertainty, decimals)};
        }
        return new String[] {String.format(Locale.ROOT, "%." + decimals + "f", value),
                String.format(Locale.ROOT, "%." + decimals + "f", uncertainty)};
    }

    private static String round(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String sig(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            int exp = (int) Math.floor(Math.log10(a));
            int decimals = Math.max(0, digits - 1 - exp);
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
    }

    /** "3.20e-07" → "$3.20\times10^{-7}$"; plain numbers unchanged, minus signs in math. */
    public static String latex(String number) {
        int e = number.indexOf('e');
        if (e < 0) {
            return number.startsWith("-") ? "$" + number + "$" : number;
        }
        return "$" + number.substring(0, e) + "\\times10^{" + Integer.parseInt(number.substring(e + 1)) + "}$";
    }
}
