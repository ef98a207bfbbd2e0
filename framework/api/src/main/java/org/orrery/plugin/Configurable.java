package org.orrery.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The one way to configure a plugin of any kind (simulator, prior, estimator, validator,
 * statistic). A plugin that has settings implements this beside its service interface: it lists
 * them in {@link #settings()}, and {@link #configure} returns a new instance that uses the given
 * values. The host resolves what the user typed against the declared settings first
 * ({@link SettingValues#resolve}: unknown keys and bad values are refused by name with what is
 * allowed), so {@code configure} only ever sees complete, typed, in-range values. The service
 * registered with the framework is the instance with the defaults; configured instances are
 * private to the caller, so two campaigns with different grids can run side by side.
 *
 * <p>Plugins that have no settings need not implement this; the host treats them as declaring none.
 *
 * @param <T> the plugin's service type, e.g. {@code Simulator}
 */
@ConsumerType
public interface Configurable<T> {

    /** The settings this plugin takes, in the order {@code --describe} lists them; none by default. */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * A new instance using {@code values} (one value for every declared setting). Values may still
     * be refused in combination (e.g. a grid too large for one array) with an
     * {@link IllegalArgumentException} whose one-line message names the settings.
     * The default, for a plugin without settings, returns this instance.
     */
    @SuppressWarnings("unchecked")
    default T configure(SettingValues values) {
        return (T) this;
    }
}
