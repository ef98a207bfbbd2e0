package org.orrery.simulators.cosmology.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.orrery.data.ArraySpec;
import org.orrery.mesh.Mesh;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The realistic observation of an lpt field (issue 14): the 2LPT matter overdensity δ_m (CIC on the
 * N^d mesh, exactly as {@code lpt}) is sampled by discrete tracers with local bias and shot noise,
 * and the tracers are painted back to the mesh by CIC. Cell c holds N_c ~ Poisson(λ_c) tracers,
 * <pre>
 *   λ_c ∝ max(0, 1 + b1 δ_c + (b2/2)(δ_c² − ⟨δ²⟩)),   Σ_c λ_c = n̄ V,
 * </pre>
 * placed uniformly within the cell centred on node c (so the total count is Poisson(n̄ V) exactly,
 * and with b1 = b2 = 0 the tracers are a homogeneous Poisson process). On large scales, where the
 * clipping at zero does not act, the tracer power is b1² P_m + 1/n̄ (the shot noise times the CIC
 * aliasing sum ∏ᵢ[1 − ⅔ sin²(π nᵢ/N)], Jing 2005). Outputs: {@code delta} = n_c/n̄_c − 1, the tracer
 * overdensity (n̄_c the box's mean painted count per cell: the observed mean, as a survey measures it);
 * the latents {@code delta_initial} (linear field × D1(z), as lpt) and {@code delta_matter} (δ_m).
 * 3-D, and 2-D: a projected slab of thickness {@code slab} (default 250 Mpc/h, the box depth), P_2D(k) = P(k)/slab and
 * surface density n̄·slab, so the signal-to-noise n̄P per mode is the 3-D one. θ = (Ω_m, σ8).
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = LptTracers.PLUGIN_ID,
        name = "LPT tracer field",
        description = "2LPT matter field seen through Poisson tracers with local bias (b1, b2) and shot noise (number_density), painted to the mesh by CIC; latents delta_initial, delta_matter")
public final class LptTracers extends CosmologySimulator implements Configurable<Simulator> {

    /** The plugin id, stated once. */
    public static final String PLUGIN_ID = "lpt_tracers";

    private final LptSimulator lpt;

    /** One observation: the tracers (flat x, y[, z] rows) and the three fields. */
    record Observation(double[] positions, double[] delta, double[] deltaMatter, double[] deltaInitial) {
        int count(int dims) {
            return positions.length / dims;
        }
    }

    public LptTracers() {
        this(Settings.tracerFieldDefaults());
    }

    @Activate
    public LptTracers(Map<String, Object> properties) {
        this(Settings.tracerFieldDefaults().with(PLUGIN_ID, properties));
    }

    public LptTracers(Settings settings) {
        super(settings);
        this.lpt = new LptSimulator(settings);
    }

    @Override
    public List<Setting> settings() {
        return Settings.tracerFieldDefaults().declared(false, Settings.FIELD, Settings.ORDER, Settings.TRACER_FIELD);
    }

    @Override
    public Simulator configure(SettingValues values) {
        return new LptTracers(Settings.tracerFieldDefaults().with(values));
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public String displayName() {
        return "LPT tracer field";
    }

    @Override
    public ArraySpec observable() {
        return gridField("delta");
    }

    @Override
    public List<ArraySpec> latents() {
        return List.of(gridField("delta_initial"), gridField("delta_matter"));
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return observe(theta, rng).delta();
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        Observation o = observe(theta, rng);
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("delta", o.delta());
        out.put("delta_initial", o.deltaInitial());
        out.put("delta_matter", o.deltaMatter());
        return out;
    }

    /** One lpt realisation, its tracers and their CIC overdensity. */
    Observation observe(double[] theta, UniformRandomProvider rng) {
        LptSimulator.Realisation r = lpt.run(theta, rng, true);
        int dims = settings.dims();
        Mesh mesh = new Mesh(settings.grid(), settings.boxLength(), dims);
        double density = dims == 2 ? settings.numberDensity() * settings.slab() : settings.numberDensity();
        double[] lambda = intensities(mesh, r.delta(), settings.bias(), settings.bias2(), density);
        double[] pos = place(mesh, lambda, rng);
        if (pos.length == 0) {
            throw new IllegalArgumentException(PLUGIN_ID + ": no tracer fell in the box (number_density "
                    + density + " × volume " + mesh.volume() + "); raise number_density");
        }
        return new Observation(pos, Lpt.overdensity(mesh, pos), r.delta(), r.deltaInitial());
    }

    /**
     * λ_c = n̄ V w_c / Σ w, w_c = max(0, 1 + b1 δ_c + (b2/2)(δ_c² − ⟨δ²⟩)): expected tracers per cell,
     * summing to n̄ V exactly.
     */
    static double[] intensities(Mesh mesh, double[] delta, double b1, double b2, double numberDensity) {
        double var = 0;
        double mean = 0;
        for (double d : delta) {
            mean += d / delta.length;
        }
        for (double d : delta) {
            var += (d - mean) * (d - mean) / delta.length;
        }
        double[] w = new double[delta.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            double d = delta[i];
            w[i] = Math.max(0, 1 + b1 * d + 0.5 * b2 * (d * d - var));
            sum += w[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(PLUGIN_ID + ": bias (" + b1 + ", " + b2 + ") leaves no cell with a positive tracer density");
        }
        double scale = numberDensity * mesh.volume() / sum;
        for (int i = 0; i < w.length; i++) {
            w[i] *= scale;
        }
        return w;
    }

    /** Poisson counts per cell, each tracer uniform within the cell centred on its node; flat (x, y[, z]). */
    static double[] place(Mesh mesh, double[] lambda, UniformRandomProvider rng) {
        int n = mesh.n();
        int dims = mesh.dims();
        double spacing = mesh.length() / n;
        double length = mesh.length();
        double[] pos = new double[dims * 1024];
        int count = 0;
        int planes = dims == 3 ? n : 1;
        for (int i0 = 0, c = 0; i0 < planes; i0++) {
            for (int i1 = 0; i1 < n; i1++) {
                for (int i2 = 0; i2 < n; i2++, c++) {
                    if (!(lambda[c] > 0)) {
                        continue;
                    }
                    int k = PoissonSampler.of(rng, lambda[c]).sample();
                    for (int t = 0; t < k; t++) {
                        if (dims * (count + 1) > pos.length) {
                            pos = Arrays.copyOf(pos, 2 * pos.length);
                        }
                        pos[dims * count] = Lpt.wrap((i2 + rng.nextDouble() - 0.5) * spacing, length);
                        pos[dims * count + 1] = Lpt.wrap((i1 + rng.nextDouble() - 0.5) * spacing, length);
                        if (dims == 3) {
                            pos[dims * count + 2] = Lpt.wrap((i0 + rng.nextDouble() - 0.5) * spacing, length);
                        }
                        count++;
                    }
                }
            }
        }
        return Arrays.copyOf(pos, dims * count);
    }
}
