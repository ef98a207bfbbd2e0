package org.orrery.workflow;

/**
 * Kept for callers of the workflow's former formatter: the one formatter is
 * {@link org.orrery.text.Durations} in core, which campaigns and the external adapter share.
 *
 * @deprecated use {@link org.orrery.text.Durations}
 */
@Deprecated
public final class Durations {

    private Durations() {
    }

    public static String format(double seconds) {
        return org.orrery.text.Durations.format(seconds);
    }

    public static String since(long startNanos) {
        return org.orrery.text.Durations.since(startNanos);
    }
}
