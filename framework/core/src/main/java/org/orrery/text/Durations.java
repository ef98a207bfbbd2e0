package org.orrery.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The one way durations are written for people. Elapsed times and estimates are rounded
 * ({@link #format}: {@code 4.2 s}, {@code 3m07s}, {@code 2h05m}); limits a user set are written
 * exactly, in seconds ({@link #limit}: {@code 0.5 s}, {@code 30 s}, {@code 120 s}), so a timeout
 * reads back as it was given.
 */
public final class Durations {

    private Durations() {
    }

    /** A measured or estimated time: one decimal under a minute, then minutes and seconds, then hours. */
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

    /** A limit (a timeout), exactly, in seconds: {@code 0.3 s}, {@code 5 s}, {@code 0.25 s}. */
    public static String limit(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + " s";
    }
}
