package org.orrery.simulators.cosmology.internal;

import java.util.List;
import org.orrery.mesh.Mesh;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.OrreryPlugin;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A Gaussian random field δ in a periodic box with the linear ΛCDM power spectrum (EH98, σ8
 * normalised) at z = 0. White noise → FFT → × sqrt(P(k)/(V N^d)) → inverse FFT; ⟨|δ_k|²⟩ = P(k)/V
 * with δ_k = FFT(δ)/N^d. With {@code dims = 2} the same P(k) is used as a 2-D spectrum (area units).
 */
@Component(service = Simulator.class)
@OrreryPlugin(id = Grf.PLUGIN_ID,
        name = "Gaussian random field",
        description = "Linear LCDM density field (Eisenstein-Hu P(k), sigma_8-normalised) in a periodic box")
public final class Grf extends CosmologySimulator implements Configurable<Simulator> {

    /** The plugin id, stated once: the service property and {@link #id()} both use it. */
    public static final String PLUGIN_ID = "grf";

    public Grf() {
        this(Settings.grfDefaults());
    }

    @Activate
    public Grf(Map<String, Object> properties) {
        this(Settings.grfDefaults().with(PLUGIN_ID, properties));
    }

    public Grf(Settings settings) {
        super(settings);
    }

    @Override
    public List<Setting> settings() {
        return Settings.grfDefaults().declared(false, Settings.FIELD);
    }

    @Override
    public Simulator configure(SettingValues values) {
        return new Grf(Settings.grfDefaults().with(values));
    }

    @Override
    public String id() {
        return PLUGIN_ID;
    }

    @Override
    public String displayName() {
        return "Gaussian random field";
    }

    @Override
    public ArraySpec observable() {
        return gridField("delta");
    }

    /** The input spectrum at θ. */
    public LinearPower power(double[] theta) {
        return new LinearPower(cosmology(theta), settings.wiggles());
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        LinearPower p = power(theta);
        Mesh mesh = new Mesh(settings.grid(), settings.boxLength(), settings.dims());
        return mesh.realField(mesh.gaussianSpectrum(p::at, rng, false));
    }
}
