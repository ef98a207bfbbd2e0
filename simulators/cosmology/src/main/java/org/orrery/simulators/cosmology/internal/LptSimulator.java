package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.simulator.LatentForward;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A particle grid (N³, one particle per cell) displaced by 1LPT or 2LPT from Gaussian initial
 * conditions to redshift z, painted to an N³ density grid by CIC. Outputs: {@code delta} (evolved
 * overdensity), {@code delta_initial} (linear field × D1(z)) and, with {@code keep_particles},
 * {@code positions} (Mpc/h, in [0, L)) and {@code velocities} (peculiar, km/s), [N³, 3] with rows
 * in grid order and columns (x, y, z); with {@code dims = 2} a 2-D N² mesh, N² particles and
 * columns (x, y).
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = LptSimulator.PLUGIN_ID,
        name = "LPT density field",
        description = "2LPT (or Zel'dovich) particles from LCDM initial conditions, CIC density at redshift z")
public final class LptSimulator extends CosmologySimulator implements Configurable<Simulator>, LatentForward {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "lpt";

    /** One evolved realisation; fields are flat row-major, particle arrays flat (x, y, z) rows. */
    record Realisation(Cosmology cosmology, double a, double[] deltaInitial, double[] positions,
            double[] velocities, double[] delta) {
    }

    public LptSimulator() {
        this(Settings.lptDefaults());
    }

    @Activate
    public LptSimulator(Map<String, Object> properties) {
        this(Settings.lptDefaults().with(PLUGIN_ID, properties));
    }

    public LptSimulator(Settings settings) {
        super(settings);

    }

    @Override
    public List<Setting> settings() {
        return Settings.lptDefaults().declared(false, Settings.FIELD, Settings.LPT);
    }

    @Override
    public Simulator configure(SettingValues values) {
        return new LptSimulator(Settings.lptDefaults().with(values));
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public String displayName() {
        return "LPT density field";
    }

    @Override
    public ArraySpec observable() {
        return gridField("delta");
    }

    @Override
    public List<ArraySpec> latents() {
        List<ArraySpec> out = new ArrayList<>();
        out.add(gridField("delta_initial"));
        if (settings.keepParticles()) {
            int d = settings.dims();
            int np = d == 3 ? settings.grid() * settings.grid() * settings.grid() : settings.grid() * settings.grid();
            out.add(new ArraySpec("positions", new int[] {np, d}, "Mpc/h", ArraySpec.Kind.POINTS));
            out.add(new ArraySpec("velocities", new int[] {np, d}, "km/s", ArraySpec.Kind.POINTS));
        }
        return out;
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return run(theta, rng, false).delta();
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        Realisation r = run(theta, rng, true);
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("delta", r.delta());
        out.put("delta_initial", r.deltaInitial());
        if (settings.keepParticles()) {
            out.put("positions", r.positions());
            out.put("velocities", r.velocities());
        }
        return out;
    }

    /** {@code delta_initial}: the linear field × D1(z) fixes the whole realisation. */
    @Override
    public List<String> drivingLatents() {
        return List.of("delta_initial");
    }

    /**
     * The LPT run from a given {@code delta_initial} (the linear field × D1(z), as {@link #simulateAll}
     * writes it): the same displacements, particles and density as the realisation that produced it
     * (its mean and Nyquist modes are ignored, being zero in lpt's own fields). Draws nothing from
     * {@code rng}.
     */
    @Override
    public Map<String, double[]> simulateFrom(double[] theta, Map<String, double[]> latents, UniformRandomProvider rng) {
        double[] initial = latents == null ? null : latents.get("delta_initial");
        Mesh mesh = new Mesh(settings.grid(), settings.boxLength(), settings.dims());
        if (initial == null || initial.length != mesh.cells()) {
            throw new IllegalArgumentException(PLUGIN_ID + ": simulateFrom needs delta_initial with " + mesh.cells()
                    + " values, got " + (initial == null ? "none" : initial.length + ""));
        }
        Cosmology c = cosmology(theta);
        double d1 = new Growth(c).d1(1 / (1 + settings.redshift()));
        double[] deltaK = mesh.spectrum(initial);
        int n = mesh.n();
        int planes = settings.dims() == 3 ? n : 1;
        for (int i0 = 0, p = 0; i0 < planes; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++, p++) {
                    // the mean and the Nyquist modes are zero in the simulator's own fields (LPT's odd
                    // derivatives need it); a posterior draw may carry them, so they are dropped
                    boolean drop = p == 0 || i2 == n / 2 || i1 == n / 2 || settings.dims() == 3 && i0 == n / 2;
                    deltaK[2 * p] = drop ? 0 : deltaK[2 * p] / d1;
                    deltaK[2 * p + 1] = drop ? 0 : deltaK[2 * p + 1] / d1;
                }
            }
        }
        Realisation r = evolve(theta, mesh, deltaK, true);
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("delta", r.delta());
        out.put("delta_initial", initial.clone());
        if (settings.keepParticles()) {
            out.put("positions", r.positions());
            out.put("velocities", r.velocities());
        }
        return out;
    }

    /** Runs the LPT; {@code all} also fills the initial field (one extra FFT). */
    Realisation run(double[] theta, UniformRandomProvider rng, boolean all) {
        Cosmology c = cosmology(theta);
        LinearPower power = new LinearPower(c, settings.wiggles());
        Mesh mesh = new Mesh(settings.grid(), settings.boxLength(), settings.dims());
        double slab = settings.dims() == 2 ? settings.slab() : 1; // a 2-D field: a projected slab, P(k)/slab
        return evolve(theta, mesh, mesh.gaussianSpectrum(k -> power.at(k) / slab, rng, true), all);
    }

    /** Displaces the particle grid by the LPT of the linear field {@code deltaK} (at z = 0) and paints it. */
    Realisation evolve(double[] theta, Mesh mesh, double[] deltaK, boolean all) {
        Cosmology c = cosmology(theta);
        Growth growth = new Growth(c);
        double a = 1 / (1 + settings.redshift());
        double d1 = growth.d1(a);
        double d2 = settings.lptOrder() == 2 ? growth.d2(a) : 0;
        double vel = a * c.hubble(a);
        double v1 = vel * growth.f1(a) * d1;
        double v2 = vel * growth.f2(a) * d2;

        int dims = settings.dims();
        double[][] psi1 = Lpt.firstOrder(mesh, deltaK);
        double[][] psi2 = settings.lptOrder() == 2 ? Lpt.secondOrder(mesh, deltaK) : null;

        int n = mesh.n();
        double spacing = mesh.length() / n;
        double length = mesh.length();
        double[] pos = new double[dims * mesh.cells()];
        double[] v = new double[dims * mesh.cells()];
        int planes = dims == 3 ? n : 1;
        for (int i0 = 0, p = 0; i0 < planes; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++, p++) {
                    double[] q = {i2 * spacing, i1 * spacing, i0 * spacing};
                    for (int comp = 0; comp < dims; comp++) {
                        double s1 = psi1[comp][p];
                        double s2 = psi2 == null ? 0 : psi2[comp][p];
                        pos[dims * p + comp] = Lpt.wrap(q[comp] + d1 * s1 + d2 * s2, length);
                        v[dims * p + comp] = v1 * s1 + v2 * s2;
                    }
                }
            }
        }
        double[] delta = Lpt.overdensity(mesh, pos);
        double[] initial = null;
        if (all) {
            initial = mesh.realField(deltaK);
            for (int i = 0; i < initial.length; i++) {
                initial[i] *= d1;
            }
        }
        return new Realisation(c, a, initial, pos, v, delta);
    }
}
