package org.orrery.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point for {@code spark-submit}: {@code spark-submit --class org.orrery.cli.SparkMain …
 * orrery-cli.jar simulate --simulator two_moons --num 100000 --seed 1 --out bank.h5}. It runs the
 * {@code orrery} command with {@code --engine spark} added to {@code simulate}; the master is the one
 * spark-submit sets unless {@code --master} is given. See docs/spark.md.
 */
public final class SparkMain {

    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.commandLine().execute(withSparkEngine(args)));
    }

    /** {@code simulate …} and {@code stats …} get {@code --engine spark} unless they name an engine themselves. */
    static String[] withSparkEngine(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean named = a.stream().anyMatch(s -> s.equals("--engine") || s.startsWith("--engine="));
        int at = a.indexOf("simulate");
        at = at >= 0 ? at : a.indexOf("stats");
        if (at >= 0 && !named) {
            a.add(at + 1, "--engine");
            a.add(at + 2, "spark");
        }
        return a.toArray(String[]::new);
    }
}
