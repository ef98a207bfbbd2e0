package org.orrery.validation.calibration.internal;

import java.util.List;
import org.orrery.plugin.Configurable;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.validation.Validator;

/**
 * What sbc, tarp and coverage share: the settings {@code pairs} (held-out pairs, default 200) and
 * {@code samples} (posterior draws per pair, default 1000), validated once here; a configured
 * instance is a new one of the same check.
 */
abstract class PairsAndSamples implements Validator, Configurable<Validator> {

    static final List<Setting> SETTINGS = List.of(Config.pairs(200), Config.samples(1000));

    protected final int pairs;
    protected final int samples;

    PairsAndSamples(int pairs, int samples) {
        this.pairs = Config.requirePositive("pairs", pairs);
        this.samples = Config.requirePositive("samples", samples);
    }

    /** From DS component properties, checked against {@link #SETTINGS}. */
    PairsAndSamples(String id, java.util.Map<String, Object> properties) {
        this(Config.fromProperties(id, SETTINGS, properties));
    }

    private PairsAndSamples(SettingValues v) {
        this(v.integer("pairs"), v.integer("samples"));
    }

    /** The same check with these settings. */
    abstract Validator with(int pairs, int samples);

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Validator configure(SettingValues v) {
        return with(v.integer("pairs"), v.integer("samples"));
    }
}
