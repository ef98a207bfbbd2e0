package org.orrery.simulators.cosmology.internal;

import org.orrery.mesh.Mesh;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.orrery.data.ArraySpec;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A biased point cloud from the LPT density field: cell c holds N_c ~ Poisson(λ_c) tracers with
 * λ_c = n̄ Δ³ exp(b δ_c) / ⟨exp(b δ)⟩ (a lognormal bias model; normalising by the box mean instead
 * of exp(−b²σ²/2) makes the expected total exactly n̄ V), placed uniformly within the cell. Tracer
 * velocities are the particles' LPT velocities painted to the mesh by CIC (mass-weighted) and read
 * back at the tracer by CIC. With {@code redshift_space} the z coordinate becomes
 * s = z + v_z / (a H(a)), wrapped into the box.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = Tracers.PLUGIN_ID,
        name = "LPT tracers",
        description = "Poisson tracers of a lognormal-biased 2LPT density field, with velocities and optional redshift-space distortion")
public final class Tracers extends CosmologySimulator implements Configurable<Simulator> {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "tracers";

    /** Below this CIC mass a node takes the velocity of the particle that started there (an empty void). */
    private static final double MIN_MASS = 1e-3;

    private final LptSimulator lpt;

    public Tracers() {
        this(Settings.lptDefaults());
    }

    @Activate
    public Tracers(Map<String, Object> properties) {
        this(Settings.lptDefaults().with(PLUGIN_ID, properties));
    }

    public Tracers(Settings settings) {
        super(settings);
        if (settings.dims() != 3) {
            throw new IllegalArgumentException("tracers: only 3-D boxes are supported, got dims = " + settings.dims());
        }
        this.lpt = new LptSimulator(settings);
    }

    @Override
    public List<Setting> settings() {
        return Settings.lptDefaults().declared(true, Settings.FIELD, Settings.LPT, Settings.TRACERS);
    }

    @Override
    public Simulator configure(SettingValues values) {
        return new Tracers(Settings.lptDefaults().with(values));
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public String displayName() {
        return "LPT tracers";
    }

    @Override
    public ArraySpec observable() {
        return new ArraySpec("positions", new int[] {-1, 3}, "Mpc/h", ArraySpec.Kind.POINTS);
    }

    @Override
    public List<ArraySpec> latents() {
        return List.of(new ArraySpec("velocities", new int[] {-1, 3}, "km/s", ArraySpec.Kind.POINTS));
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return simulateAll(theta, rng).get("positions");
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        LptSimulator.Realisation r = lpt.run(theta, rng, false);
        Mesh mesh = new Mesh(settings.grid(), settings.boxLength(), 3);
        double[][] vgrid = velocityField(mesh, r.positions(), r.velocities());
        double[] lambda = intensities(mesh, r.delta(), settings.bias(), settings.numberDensity());

        int n = mesh.n();
        double spacing = mesh.length() / n;
        double length = mesh.length();
        double rsd = settings.redshiftSpace() ? 1 / (r.a() * r.cosmology().hubble(r.a())) : 0;
        double[] pos = new double[3 * 1024];
        double[] vel = new double[3 * 1024];
        int count = 0;
        for (int i0 = 0, c = 0; i0 < n; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++, c++) {
                    if (lambda[c] <= 0) {
                        continue;
                    }
                    int k = PoissonSampler.of(rng, lambda[c]).sample();
                    for (int t = 0; t < k; t++) {
                        if (3 * (count + 1) > pos.length) {
                            pos = Arrays.copyOf(pos, 2 * pos.length);
                            vel = Arrays.copyOf(vel, 2 * vel.length);
                        }
                        // uniform within the cell centred on node (i2, i1, i0)·Δ
                        double x = Lpt.wrap((i2 + rng.nextDouble() - 0.5) * spacing, length);
                        double y = Lpt.wrap((i1 + rng.nextDouble() - 0.5) * spacing, length);
                        double z = Lpt.wrap((i0 + rng.nextDouble() - 0.5) * spacing, length);
                        double vx = Lpt.interpolate(mesh, vgrid[0], x, y, z);
                        double vy = Lpt.interpolate(mesh, vgrid[1], x, y, z);
                        double vz = Lpt.interpolate(mesh, vgrid[2], x, y, z);
                        pos[3 * count] = x;
                        pos[3 * count + 1] = y;
                        pos[3 * count + 2] = rsd == 0 ? z : Lpt.wrap(z + vz * rsd, length);
                        vel[3 * count] = vx;
                        vel[3 * count + 1] = vy;
                        vel[3 * count + 2] = vz;
                        count++;
                    }
                }
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("positions", Arrays.copyOf(pos, 3 * count));
        out.put("velocities", Arrays.copyOf(vel, 3 * count));
        return out;
    }

    /** λ_c = n̄ Δ³ exp(b δ_c) / mean(exp(b δ)): Σ λ_c = n̄ V exactly. */
    static double[] intensities(Mesh mesh, double[] delta, double bias, double numberDensity) {
        double[] w = new double[delta.length];
        double max = Double.NEGATIVE_INFINITY;
        for (double d : delta) {
            max = Math.max(max, bias * d);
        }
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(bias * delta[i] - max); // shifted: no overflow for large b δ
            sum += w[i];
        }
        double perCell = numberDensity * mesh.volume() / mesh.cells();
        double scale = perCell * w.length / sum;
        for (int i = 0; i < w.length; i++) {
            w[i] *= scale;
        }
        return w;
    }

    /** Mass-weighted CIC velocity field (x, y, z components) on the mesh nodes. */
    static double[][] velocityField(Mesh mesh, double[] positions, double[] velocities) {
        int np = positions.length / 3;
        double[] mass = Lpt.paint(mesh, positions, null);
        double[][] out = new double[3][];
        double[] w = new double[np];
        for (int comp = 0; comp < 3; comp++) {
            for (int p = 0; p < np; p++) {
                w[p] = velocities[3 * p + comp];
            }
            double[] mom = Lpt.paint(mesh, positions, w);
            for (int i = 0; i < mom.length; i++) {
                // particles are in grid order, so particle i started at node i
                mom[i] = mass[i] > MIN_MASS ? mom[i] / mass[i] : velocities[3 * i + comp];
            }
            out[comp] = mom;
        }
        return out;
    }
}
