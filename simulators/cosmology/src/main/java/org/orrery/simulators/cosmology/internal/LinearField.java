package org.orrery.simulators.cosmology.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.mesh.Mesh;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;
import org.orrery.prior.Prior;
import org.orrery.simulator.LatentForward;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The linear Gaussian field problem, whose exact posterior is the Wiener filter ({@link WienerFilter}):
 * δ_IC is a Gaussian random field with power A·P(k) (P the Eisenstein-Hu linear spectrum of the
 * fiducial cosmology Ω_m 0.3, σ8 0.8, used per unit area in 2-D as grf does), and the observation is
 * δ_obs = D·(K ∗ δ_IC) + n, K a Gaussian kernel of radius R (K(k) = exp(−k²R²/2)) and n white noise of
 * standard deviation σ_n per cell; periodic box. θ = (A) ~ U(amplitude_min, amplitude_max). Outputs:
 * {@code delta} (the observation) and the latent {@code delta_initial}.
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = LinearField.PLUGIN_ID,
        name = "Linear Gaussian field",
        description = "Gaussian random field observed through growth, a Gaussian kernel and white noise; exact Wiener-filter posterior")
public final class LinearField implements Simulator, Configurable<Simulator>, LatentForward {

    public static final String PLUGIN_ID = "linear_field";

    /** The fiducial cosmology whose spectrum A scales. */
    static final double OMEGA_M = 0.3;
    static final double SIGMA_8 = 0.8;

    private final SettingValues values;
    private final int grid;
    private final int dims;
    private final double box;
    private final double growth;
    private final double smoothing;
    private final double noise;
    private final double aLo;
    private final double aHi;
    private final LinearPower power;

    public LinearField() {
        this(SettingValues.resolve(PLUGIN_ID, declared(), Map.of()));
    }

    @Activate
    public LinearField(Map<String, Object> properties) {
        this(SettingValues.resolve(PLUGIN_ID, declared(), frameworkKeysRemoved(properties)));
    }

    public LinearField(SettingValues v) {
        this.values = v;
        this.grid = v.integer("grid");
        this.dims = v.integer("dims");
        this.box = v.number("box_length");
        this.growth = v.number("growth");
        this.smoothing = v.number("smoothing");
        this.noise = v.number("noise");
        this.aLo = v.number("amplitude_min");
        this.aHi = v.number("amplitude_max");
        if (!(aLo < aHi)) {
            throw new IllegalArgumentException(PLUGIN_ID + ": amplitude_min must be below amplitude_max, got "
                    + aLo + " and " + aHi);
        }
        new Mesh(grid, box, dims);
        this.power = new LinearPower(new Cosmology(OMEGA_M, SIGMA_8, Settings.H, Settings.OMEGA_B, Settings.N_S), true);
    }

    private static Map<String, Object> frameworkKeysRemoved(Map<String, Object> props) {
        Map<String, Object> given = new LinkedHashMap<>();
        if (props != null) {
            props.forEach((k, val) -> {
                if (!k.contains(".") && !k.equals("objectClass")) {
                    given.put(k, val);
                }
            });
        }
        return given;
    }

    /** The declared settings with their defaults: 2-D 32² in 250 Mpc/h, D 1, R 10 Mpc/h, σ_n 1, A ∈ [0.5, 1.5]. */
    public static List<Setting> declared() {
        return List.of(
                Setting.integer("grid", 32, Range.closed(4, 1024), "cells", "cells per side of the mesh").multipleOf(2).changesShape(),
                Setting.integer("dims", 2, Range.closed(2, 3), "", "dimensionality of the box: 2 or 3").changesShape(),
                Setting.number("box_length", 250, Range.positive(), "Mpc/h", "side of the periodic box"),
                Setting.number("growth", 1, Range.positive(), "", "linear growth D applied to the initial field"),
                Setting.number("smoothing", 10, Range.atLeast(0), "Mpc/h", "radius R of the Gaussian kernel exp(-k^2 R^2/2)"),
                Setting.number("noise", 1.0, Range.positive(), "", "standard deviation of the white noise per cell"),
                Setting.number("amplitude_min", 0.5, Range.positive(), "", "lower end of the uniform prior on A"),
                Setting.number("amplitude_max", 1.5, Range.positive(), "", "upper end of the uniform prior on A"));
    }

    @Override
    public List<Setting> settings() {
        return declared();
    }

    @Override
    public Simulator configure(SettingValues v) {
        return new LinearField(v);
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public String displayName() {
        return "Linear Gaussian field";
    }

    @Override
    public Prior prior() {
        ParameterSpace space = ParameterSpace.of(new Parameter("A", "", "A", aLo, aHi));
        double logDensity = -Math.log(aHi - aLo);
        return new Prior() {
            @Override
            public ParameterSpace space() {
                return space;
            }

            @Override
            public double[] sample(UniformRandomProvider rng) {
                return new double[] {aLo + (aHi - aLo) * rng.nextDouble()};
            }

            @Override
            public double logDensity(double[] theta) {
                return space.contains(theta) ? logDensity : Double.NEGATIVE_INFINITY;
            }

            @Override
            public String describe() {
                return "Uniform(" + aLo + ", " + aHi + ")";
            }
        };
    }

    int[] gridShape() {
        return dims == 3 ? new int[] {grid, grid, grid} : new int[] {grid, grid};
    }

    @Override
    public ArraySpec observable() {
        return new ArraySpec("delta", gridShape(), "", ArraySpec.Kind.GRID, ArraySpec.DType.FLOAT32);
    }

    @Override
    public List<ArraySpec> latents() {
        return List.of(new ArraySpec("delta_initial", gridShape(), "", ArraySpec.Kind.GRID, ArraySpec.DType.FLOAT32));
    }

    @Override
    public Optional<Box> box() {
        return Optional.of(new Box(box, grid, dims, 0));
    }

    /** The exact posterior of this problem at amplitude A. */
    public WienerFilter wiener() {
        return new WienerFilter(new Mesh(grid, box, dims), power::at, growth, smoothing, noise);
    }

    public double amplitudeMin() {
        return aLo;
    }

    public double amplitudeMax() {
        return aHi;
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return simulateAll(theta, rng).get("delta");
    }

    @Override
    public Map<String, double[]> simulateAll(double[] theta, UniformRandomProvider rng) {
        if (theta == null || theta.length != 1 || !(theta[0] > 0) || Double.isInfinite(theta[0])) {
            throw new IllegalArgumentException(PLUGIN_ID + ": θ must be (A) with A > 0, got: " + java.util.Arrays.toString(theta));
        }
        double a = theta[0];
        Mesh mesh = new Mesh(grid, box, dims);
        double[] spec = mesh.gaussianSpectrum(k -> a * power.at(k), rng, false);
        return observe(mesh, spec, mesh.realField(spec), rng);
    }

    /** {@code delta_initial} fixes the signal; the noise is drawn from the stream. */
    @Override
    public List<String> drivingLatents() {
        return List.of("delta_initial");
    }

    /** δ_obs = D·(K ∗ δ_IC) + n for the given δ_IC; θ is checked but does not enter (A sets δ_IC's prior only). */
    @Override
    public Map<String, double[]> simulateFrom(double[] theta, Map<String, double[]> latents, UniformRandomProvider rng) {
        if (theta == null || theta.length != 1 || !(theta[0] > 0) || Double.isInfinite(theta[0])) {
            throw new IllegalArgumentException(PLUGIN_ID + ": θ must be (A) with A > 0, got: " + java.util.Arrays.toString(theta));
        }
        Mesh mesh = new Mesh(grid, box, dims);
        double[] initial = latents == null ? null : latents.get("delta_initial");
        if (initial == null || initial.length != mesh.cells()) {
            throw new IllegalArgumentException(PLUGIN_ID + ": simulateFrom needs delta_initial with " + mesh.cells()
                    + " values, got " + (initial == null ? "none" : initial.length + ""));
        }
        return observe(mesh, mesh.spectrum(initial), initial.clone(), rng);
    }

    private Map<String, double[]> observe(Mesh mesh, double[] spec, double[] initial, UniformRandomProvider rng) {
        WienerFilter w = wiener();
        double[] obs = mesh.inverseTwo(spec, (n0, n1, n2) -> growth * w.kernel(n0, n1, n2), false, null, false)[0];
        var gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < obs.length; i++) {
            obs[i] += noise * gauss.sample();
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("delta", obs);
        out.put("delta_initial", initial);
        return out;
    }

    public SettingValues values() {
        return values;
    }
}
