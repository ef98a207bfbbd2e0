package org.orrery.simulators.cosmology.internal;

import java.util.LinkedHashMap;
import java.util.List;
import org.orrery.mesh.Mesh;
import java.util.Map;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;

/**
 * Configuration shared by the cosmology simulators, declared as {@link Setting}s (see
 * {@link #declared}) and set through the host's one settings mechanism ({@code --set KEY=VALUE}).
 * Keys: {@code grid}, {@code box_length}
 * (Mpc/h), {@code dims}, {@code redshift}, {@code h}, {@code omega_b}, {@code n_s}, {@code wiggles},
 * {@code lpt_order} (1 or 2), {@code keep_particles}, {@code bias}, {@code bias2} (lpt_tracers'
 * second-order local bias), {@code number_density} ((h/Mpc)³), {@code redshift_space}, {@code slab} (Mpc/h: in 2-D
 * the field stands for a slab of this thickness projected, P_2D(k) = P(k)/slab, a good approximation for
 * k ≫ 1/slab, and tracers have the surface density number_density × slab; lpt and grf keep 1, the
 * 2-D spectrum "per unit area").
 */
public record Settings(int grid, double boxLength, int dims, double redshift, double h, double omegaB, double ns,
        boolean wiggles, int lptOrder, boolean keepParticles, double bias, double bias2, double numberDensity,
        boolean redshiftSpace, double slab) {

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
        if (!(slab > 0) || Double.isInfinite(slab)) {
            throw new IllegalArgumentException("slab must be positive and finite, got: " + slab);
        }
        if (!Double.isFinite(bias2)) {
            throw new IllegalArgumentException("bias2 must be finite, got: " + bias2);
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
        return new Settings(64, 250, 3, 0, H, OMEGA_B, N_S, true, 2, false, 1.5, 0, 1e-3, false, 1);
    }

    /** lpt and tracers: 32³ particles in 250 Mpc/h, 2LPT to z = 0.5 (a typical galaxy-survey redshift). */
    public static Settings lptDefaults() {
        return new Settings(32, 250, 3, 0.5, H, OMEGA_B, N_S, true, 2, false, 1.5, 0, 1e-3, false, 1);
    }

    /**
     * lpt_tracers: as lpt, and a 2-D field is the 250 Mpc/h box depth projected (slab 250): its r(k) between
     * the 2LPT field and the initial field then follows the 3-D one at z = 0.5 (≈ 0.75 at k = 0.2 h/Mpc,
     * 2-D 64², bench/interpolant-lpt.sh probe=8); at slab 1 (lpt's 2-D) the 2-D displacements reach tens
     * of Mpc/h and the field decorrelates from its initial conditions beyond the fundamental mode.
     */
    public static Settings tracerFieldDefaults() {
        return new Settings(32, 250, 3, 0.5, H, OMEGA_B, N_S, true, 2, false, 1.5, 0, 1e-3, false, 250);
    }

    /**
     * The settings these values stand for, declared with these values as defaults: what
     * {@code orrery plugins --describe} lists and what {@code --set KEY=VALUE} is checked against.
     * {@code grid}, {@code dims} and {@code keep_particles} change the outputs' shapes.
     *
     * @param threeDOnly true for simulators that only run in 3-D (lpt, tracers): dims is then fixed at 3
     */
    public List<Setting> declared(boolean threeDOnly) {
        return List.of(
                Setting.integer("grid", grid, Range.closed(4, 2048), "cells", "cells per side of the mesh (N; N^dims cells)")
                        .multipleOf(2).changesShape(),
                Setting.number("box_length", boxLength, Range.positive(), "Mpc/h", "side of the periodic box"),
                Setting.integer("dims", dims, threeDOnly ? Range.closed(3, 3) : Range.closed(2, 3), "",
                        threeDOnly ? "dimensionality of the box (this simulator is 3-D only)"
                                : "dimensionality of the box: 2 (a 2-D field) or 3").changesShape(),
                Setting.number("redshift", redshift, Range.closed(0, 1000), "", "redshift z of the output"),
                Setting.number("h", h, Range.open(0, 2), "", "dimensionless Hubble constant H0 / (100 km/s/Mpc)"),
                Setting.number("omega_b", omegaB, Range.open(0, 1), "", "baryon density Omega_b (must stay below Omega_m)"),
                Setting.number("n_s", ns, Range.open(0, 2), "", "spectral index of the primordial power spectrum"),
                Setting.bool("wiggles", wiggles, "Eisenstein-Hu spectrum with BAO wiggles (false: the no-wiggle fit)"),
                Setting.integer("lpt_order", lptOrder, Range.closed(1, 2), "", "1: Zel'dovich, 2: 2LPT"),
                Setting.bool("keep_particles", keepParticles, "lpt: also keep particle positions and velocities in the bank")
                        .changesShape(),
                Setting.number("bias", bias, Range.finite(), "", "tracers: linear bias b of the lognormal tracer density;"
                        + " lpt_tracers: linear bias b1 of the local bias expansion"),
                Setting.number("bias2", bias2, Range.finite(), "", "lpt_tracers: second-order local bias b2,"
                        + " n_g ~ 1 + b1 delta + b2/2 (delta^2 - <delta^2>)"),
                Setting.number("number_density", numberDensity, Range.positive(), "(h/Mpc)^3",
                        "tracers, lpt_tracers: mean number density nbar; shot noise 1/nbar (lpt_tracers in 2-D: surface density nbar * slab)"),
                Setting.bool("redshift_space", redshiftSpace, "tracers: displace tracers along z by their velocities"),
                Setting.number("slab", slab, Range.positive(), "Mpc/h", "2-D only: thickness of the projected slab the field"
                        + " stands for, P_2D(k) = P(k)/slab; tracers' surface density number_density * slab"));
    }

    /** The settings of a mesh and a cosmology, which every cosmology simulator uses. */
    static final java.util.Set<String> FIELD = java.util.Set.of("grid", "box_length", "dims", "redshift", "h", "omega_b",
            "n_s", "wiggles");
    /** What LPT adds: its order and whether to keep the particles. */
    static final java.util.Set<String> LPT = java.util.Set.of("lpt_order", "keep_particles");
    /** The LPT order alone (lpt_tracers keeps no particles). */
    static final java.util.Set<String> ORDER = java.util.Set.of("lpt_order");
    /** The tracers' point-cloud settings. */
    static final java.util.Set<String> TRACERS = java.util.Set.of("bias", "number_density", "redshift_space");
    /** What lpt_tracers adds to a mesh and a cosmology: local bias to second order and the number density. */
    static final java.util.Set<String> TRACER_FIELD = java.util.Set.of("bias", "bias2", "number_density", "slab");

    /** The declared settings whose names are in one of {@code groups}, in declaration order. */
    public List<Setting> declared(boolean threeDOnly, java.util.Set<String>... groups) {
        return declared(threeDOnly).stream()
                .filter(st -> java.util.Arrays.stream(groups).anyMatch(g -> g.contains(st.name()))).toList();
    }

    /** Settings from checked values; keys a simulator does not declare keep this instance's values. */
    public Settings with(SettingValues v) {
        java.util.Map<String, Object> m = v.values();
        return new Settings(
                (Integer) m.getOrDefault("grid", this.grid), ((Number) m.getOrDefault("box_length", this.boxLength)).doubleValue(),
                (Integer) m.getOrDefault("dims", this.dims), ((Number) m.getOrDefault("redshift", this.redshift)).doubleValue(),
                ((Number) m.getOrDefault("h", this.h)).doubleValue(), ((Number) m.getOrDefault("omega_b", this.omegaB)).doubleValue(),
                ((Number) m.getOrDefault("n_s", this.ns)).doubleValue(), (Boolean) m.getOrDefault("wiggles", this.wiggles),
                (Integer) m.getOrDefault("lpt_order", this.lptOrder), (Boolean) m.getOrDefault("keep_particles", this.keepParticles),
                ((Number) m.getOrDefault("bias", this.bias)).doubleValue(),
                ((Number) m.getOrDefault("bias2", this.bias2)).doubleValue(),
                ((Number) m.getOrDefault("number_density", this.numberDensity)).doubleValue(),
                (Boolean) m.getOrDefault("redshift_space", this.redshiftSpace),
                ((Number) m.getOrDefault("slab", this.slab)).doubleValue());
    }

    /** Settings from checked values (every key of {@link #declared} present). */
    public static Settings of(SettingValues v) {
        return new Settings(v.integer("grid"), v.number("box_length"), v.integer("dims"), v.number("redshift"),
                v.number("h"), v.number("omega_b"), v.number("n_s"), v.bool("wiggles"), v.integer("lpt_order"),
                v.bool("keep_particles"), v.number("bias"), v.number("bias2"), v.number("number_density"), v.bool("redshift_space"),
                v.values().containsKey("slab") ? v.number("slab") : 1);
    }

    /** These settings with the keys present in {@code props} overriding them (tests and DS properties). */
    public Settings with(Map<String, ?> props) {
        return with("cosmology", props);
    }

    /**
     * These settings with the keys of {@code props} that name settings overriding them; keys with a
     * dot ({@code component.name}, {@code orrery.id}) are the framework's and are ignored. Unknown
     * keys and bad values are refused by {@link SettingValues#resolve} with what is allowed.
     */
    public Settings with(String id, Map<String, ?> props) {
        if (props == null || props.isEmpty()) {
            return this;
        }
        Map<String, Object> given = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (!k.contains(".") && !k.equals("objectClass")) {
                given.put(k, v);
            }
        });
        return given.isEmpty() ? this : of(SettingValues.resolve(id, declared(false), given));
    }
}
