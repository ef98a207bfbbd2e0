package org.orrery.posteriors.interpolant.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.orrery.plugin.Setting;
import org.orrery.plugin.Setting.Range;
import org.orrery.plugin.SettingValues;

/**
 * The settings of the two drift estimators, {@code interpolant} (U-Net drift on fields) and
 * {@code fmpe} (MLP drift on θ), declared once and resolved by the project's one settings mechanism
 * ({@link SettingValues#resolve}): unknown keys and bad values are refused in one line by name.
 */
record DriftConfig(String estimator, SettingValues values) {

    static final String INTERPOLANT = "interpolant";
    static final String FMPE = "fmpe";

    static List<Setting> declared(String estimator) {
        List<Setting> s = new ArrayList<>();
        if (estimator.equals(INTERPOLANT)) {
            s.add(Setting.text("latent", "delta_initial", "the bank's latent field the posterior samples (x1; the observable is x0)"));
            s.add(Setting.text("channels", "16,32,64", "U-Net channels per level, comma-separated (a level halves the grid)"));
            s.add(Setting.integer("groups", 4, Range.atLeast(1), "", "GroupNorm groups"));
            s.add(Setting.number("sigma0", 1.0, Range.atLeast(0), "", "noise scale: sigma(t) = sigma0 (1 - t)"));
            s.add(Setting.choice("beta", "quadratic", List.of("quadratic", "linear"), "beta(t) = t^2 or t"));
            s.add(Setting.choice("theta_head", FieldDrift.CHANNELS, List.of(FieldDrift.CHANNELS, FieldDrift.BOTTLENECK),
                    "how theta rides with the field: constant extra channels of the U-Net, or a head on its bottleneck"));
            s.add(Setting.integer("batch_size", 32, Range.atLeast(1), "", "training batch size"));
            s.add(Setting.number("learning_rate", 3e-3, Range.positive(), "", "AdamW peak learning rate (warm-up, cosine decay)"));
            s.add(Setting.integer("max_epochs", 40, Range.atLeast(1), "", "upper limit on training epochs"));
            s.add(Setting.integer("patience", 10, Range.atLeast(1), "", "epochs without validation improvement before stopping"));
        } else {
            // sbi's defaults for FMPE (VectorFieldMLP: 100 wide, 5 residual blocks, 32 time features; batch 200,
            // learning rate 5e-4, gradient clipping at 5). Not sbi's: the whole cosine decay over max_epochs by
            // default (patience = max_epochs; the best epoch of the moving average is kept), because early stopping
            // on flow matching's noisy validation loss stopped too early (two_moons 10^4, 2 observations: sbi's
            // 20 epochs' patience stopped at 57 epochs, C2ST 0.68; 40 epochs' at 127, observation 1 0.75 against
            // 0.62 after 250 epochs of decay)
            s.add(Setting.integer("hidden", 100, Range.atLeast(1), "", "width of the velocity network's residual blocks"));
            s.add(Setting.integer("layers", 5, Range.atLeast(1), "", "residual blocks of the velocity network"));
            s.add(Setting.choice("time_features", "sinusoidal", List.of("sinusoidal", "fourier"),
                    "time features: fixed sinusoidal, or learnable random Fourier (sbi's default, scale 30)"));
            s.add(Setting.choice("velocity", "plain", List.of("plain", "gaussian_baseline"),
                    "velocity output: the network's output times a constant, or sbi's Gaussian baseline plus the output "
                            + "times the marginal std"));
            s.add(Setting.integer("batch_size", 200, Range.atLeast(1), "", "training batch size"));
            s.add(Setting.number("learning_rate", 5e-4, Range.positive(), "", "AdamW peak learning rate (warm-up, cosine decay)"));
            s.add(Setting.integer("max_epochs", 200, Range.atLeast(1), "", "training epochs (the cosine decay's length)"));
            s.add(Setting.integer("patience", 200, Range.atLeast(1), "",
                    "epochs without validation improvement before stopping (default: never before max_epochs)"));
        }
        boolean fmpe = estimator.equals(FMPE);
        s.add(Setting.integer("time_width", fmpe ? 32 : 64, Range.atLeast(2), "", "width of the time embedding").multipleOf(2));
        s.add(Setting.number("validation_fraction", 0.1, Range.open(0, 1), "", "share of the bank held out for early stopping"));
        s.add(Setting.number("clip_norm", fmpe ? 5.0 : 1.0, new Range(0, false, Double.POSITIVE_INFINITY, true), "",
                "gradient norm clipping (.inf disables it)"));
        s.add(Setting.number("ema", 0.995, Range.closed(0, 0.99999), "", "decay of the weights' moving average used for sampling"));
        s.add(Setting.choice("sampler", estimator.equals(INTERPOLANT) ? "sde" : "ode", List.of("sde", "ode"),
                "Euler-Maruyama SDE or deterministic (probability-flow) ODE sampler"));
        if (fmpe) {
            s.add(Setting.choice("ode_solver", "dopri5", List.of("dopri5", "midpoint"),
                    "ODE solver of the sampler: adaptive Dormand-Prince 5(4) (as sbi, via zuko) or the midpoint rule on "
                            + "sampling_steps steps"));
            s.add(Setting.number("ode_rtol", 1e-5, Range.positive(), "", "dopri5 relative tolerance (sbi's 1e-5)"));
            s.add(Setting.number("ode_atol", 1e-6, Range.positive(), "", "dopri5 absolute tolerance (sbi's 1e-6)"));
        }
        s.add(Setting.integer("sampling_steps", 100, Range.closed(1, 100_000), "",
                fmpe ? "midpoint steps from t = 0 to 1 (ode_solver=midpoint)" : "integration steps from t = 0 to 1"));
        s.add(Setting.number("diffusion", 1.0, Range.atLeast(0), "",
                "SDE diffusion g = diffusion * sigma(t) (1: the trained SDE; 0 with sampler=sde equals the ODE)"));
        s.add(Setting.integer("sample_batch", 64, Range.atLeast(1), "", "draws integrated together"));
        return List.copyOf(s);
    }

    static DriftConfig of(String estimator, Map<String, ?> options) {
        return new DriftConfig(estimator, SettingValues.resolve(estimator, declared(estimator), options));
    }

    int integer(String key) {
        return values.integer(key);
    }

    double number(String key) {
        return values.number(key);
    }

    String text(String key) {
        return values.text(key);
    }

    /** The U-Net's channels per level; a level count that the grid cannot halve is refused by name. */
    int[] channels(int grid) {
        String spec = text("channels");
        int[] c;
        try {
            c = Arrays.stream(spec.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(estimator + " setting channels must be comma-separated integers, got " + spec);
        }
        if (c.length == 0 || Arrays.stream(c).anyMatch(v -> v < 1 || v > 4096)) {
            throw new IllegalArgumentException(estimator + " setting channels must be integers in [1, 4096], got " + spec);
        }
        int groups = integer("groups");
        for (int v : c) {
            if (v % Math.min(groups, v) != 0) {
                throw new IllegalArgumentException(estimator + " setting channels " + spec + ": " + v
                        + " channels do not split into " + groups + " GroupNorm groups");
            }
        }
        if (grid % (1 << (c.length - 1)) != 0) {
            throw new IllegalArgumentException(estimator + " setting channels " + spec + " has " + c.length
                    + " levels, so the grid must be divisible by " + (1 << (c.length - 1)) + "; it is " + grid);
        }
        return c;
    }

    Schedule schedule() {
        if (estimator.equals(FMPE)) {
            return new Schedule(false, 0);
        }
        return new Schedule(text("beta").equals("quadratic"), number("sigma0"));
    }
}
