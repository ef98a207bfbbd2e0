package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import java.util.Map;

/**
 * Configuration shared by the cosmology simulators, read from DS component properties (so that a
 * ConfigAdmin configuration can override the defaults). Keys: {@code grid}, {@code box_length}
 * (Mpc/h), {@code dims}, {@code redshift}, {@code h}, {@code omega_b}, {@code n_s}, {@code wiggles},
 * {@code lpt_order} (1 or 2), {@code keep_particles}, {@code bias}, {@code number_density}
 * ((h/Mpc)³), {@code redshift_space}.
 */
public record Settings(int grid, double boxLength, int dims, double redshift, double h, double omegaB, double ns,
        boolean wiggles, int lptOrder, boolean keepParticles, double bias, double numberDensity,
        boolean redshiftSpace) {

    /** Planck-like defaults of the Quijote simulations. */
    public static final double H = 0.6711;
    public static final double OMEGA_B = 0.049;
    public static final double N_S = 0.9624;

    public Settings {
        new Mesh(grid, boxLength, dims); // validates grid, box and dims with a clear message
        if (!(redshift >= 0 && redshift <= 1000)) {
            throw new IllegalArgumentException("redshift must be in [0, 1000], got: " + redshift);
        }
        if (lptOrder != 1 && lptOrder != 2) {
            throw new IllegalArgumentException("lpt_order must be 1 or 2, got: " + lptOrder);
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be finite, got: " + bias);
        }
        if (!(numberDensity > 0) || Double.isInfinite(numberDensity)) {
            throw new IllegalArgumentException("number_density must be positive and finite, got: " + numberDensity);
        }
        // validates h, omega_b and n_s against a mid-prior cosmology
        base(0.3, 0.8, h, omegaB, ns);
    }

    private static Cosmology base(double om, double s8, double h, double ob, double ns) {
        return new Cosmology(om, s8, h, ob, ns);
    }

    /** The cosmology at θ = (Ω_m, σ8). */
    public Cosmology cosmology(double omegaM, double sigma8) {
        return new Cosmology(omegaM, sigma8, h, omegaB, ns);
    }

    /** grf: 3-D 64³ field in a 250 Mpc/h box at z = 0, with BAO wiggles. */
    public static Settings grfDefaults() {
        return new Settings(64, 250, 3, 0, H, OMEGA_B, N_S, true, 2, false, 1.5, 1e-3, false);
    }

    /** lpt and tracers: 32³ particles in 250 Mpc/h, 2LPT to z = 0.5 (a typical galaxy-survey redshift). */
    public static Settings lptDefaults() {
        return new Settings(32, 250, 3, 0.5, H, OMEGA_B, N_S, true, 2, false, 1.5, 1e-3, false);
    }

    /** These settings with the keys present in {@code props} overriding them. */
    public Settings with(Map<String, ?> props) {
        if (props == null) {
            return this;
        }
        return new Settings(
                integer(props, "grid", grid), number(props, "box_length", boxLength), integer(props, "dims", dims),
                number(props, "redshift", redshift), number(props, "h", h), number(props, "omega_b", omegaB),
                number(props, "n_s", ns), bool(props, "wiggles", wiggles), integer(props, "lpt_order", lptOrder),
                bool(props, "keep_particles", keepParticles), number(props, "bias", bias),
                number(props, "number_density", numberDensity), bool(props, "redshift_space", redshiftSpace));
    }

    private static double number(Map<String, ?> p, String key, double fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + key + " must be a number, got: " + v);
        }
    }

    private static int integer(Map<String, ?> p, String key, int fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number num ? Math.toIntExact(num.longValue()) : Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("property " + key + " must be an integer, got: " + v);
        }
    }

    private static boolean bool(Map<String, ?> p, String key, boolean fallback) {
        Object v = p.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("property " + key + " must be true or false, got: " + v);
    }
}
