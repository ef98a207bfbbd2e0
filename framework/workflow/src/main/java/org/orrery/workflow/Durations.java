package org.orrery.workflow;

import java.util.Locale;

/** The one way durations are written for people: {@code 4.2 s}, {@code 3m07s}, {@code 2h05m}. */
public final class Durations {

    private Durations() {
    }

    public static String format(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long t = Math.round(seconds);
        return t < 3600 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60)
                : String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60);
    }

    /** Seconds since {@code startNanos} (a {@link System#nanoTime()} reading), formatted. */
    public static String since(long startNanos) {
        return format((System.nanoTime() - startNanos) / 1e9);
    }
}
