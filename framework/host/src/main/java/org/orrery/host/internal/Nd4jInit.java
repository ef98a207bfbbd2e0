package org.orrery.host.internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Loads ND4J's native backend once, in the host's class loader, before any plugin touches it. */
public final class Nd4jInit {

    private Nd4jInit() {
    }

    private static volatile boolean done;

    /** Initialises ND4J unless this JVM already did; cheap after the first call. */
    public static synchronized void ensure() {
        if (!done) {
            init();
            done = true;
        }
    }

    /** True once {@link #ensure()} has run in this JVM. */
    public static boolean initialised() {
        return done;
    }

    /** True when a bundle's Import-Package header names an ND4J package: such a plugin needs ND4J ready. */
    public static boolean needs(String importPackage) {
        return importPackage != null && importPackage.contains("org.nd4j");
    }

    public static void init() {
        quiet("org.nd4j");
        quiet("org.bytedeco");
        INDArray one = Nd4j.create(new double[] {1.0}).addi(1.0);
        if (one.getDouble(0) != 2.0) {
            throw new IllegalStateException("ND4J's backend computed 1 + 1 = " + one.getDouble(0));
        }
    }

    /** ND4J logs its backend and thread setup at INFO on every start; keep that to warnings unless the user asked. */
    private static void quiet(String loggerPrefix) {
        String key = "org.slf4j.simpleLogger.log." + loggerPrefix;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }
}
