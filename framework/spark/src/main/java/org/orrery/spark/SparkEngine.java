package org.orrery.spark;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.orrery.campaign.CampaignExecutor;
import org.orrery.workflow.CampaignEngine;
import org.orrery.workflow.SimulateRequest;
import org.orrery.workflow.WorkflowException;

/**
 * The Spark engine: one {@link JavaSparkContext} for a session, and a {@link SparkCampaignExecutor}
 * per campaign. The driver's workflow checks the campaign, keeps the manifest and assembles the bank
 * exactly as the local engine does; only the simulations run on the executors. Close it to stop
 * the Spark context.
 *
 * <p>Spark lives on the application class path beside the host, never inside the OSGi framework:
 * the host exports only the Orrery, OSGi, Commons Math/RNG, SLF4J, ND4J and DJL packages to bundles,
 * so a plugin never sees Spark, Scala or Hadoop classes.
 */
public final class SparkEngine implements CampaignEngine, AutoCloseable {

    /** Attempts per task under a {@code local[N]} master, which Spark otherwise runs with one attempt. */
    static final int LOCAL_ATTEMPTS = 4;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)])?");

    private final JavaSparkContext context;
    private final SparkOptions options;
    /** False for a view made by {@link #with}: closing it leaves the context running. */
    private final boolean owner;

    private SparkEngine(JavaSparkContext context, SparkOptions options, boolean owner) {
        this.context = context;
        this.options = options;
        this.owner = owner;
    }

    /**
     * The same Spark context with other campaign options (shared storage, shipped plugins); the
     * master and Spark configuration stay those of this engine. Closing the view does not stop Spark.
     */
    public SparkEngine with(SparkOptions other) {
        return new SparkEngine(context, other, false);
    }

    /** Starts a Spark context (connects to the master) for campaigns with {@code options}. */
    public static SparkEngine start(SparkOptions options) {
        SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit sets them
        String master = options.master() != null ? options.master() : conf.get("spark.master", null);
        if (master == null) {
            throw new WorkflowException("--master is required with --engine spark (local[2], spark://host:7077),"
                    + " unless spark-submit sets it");
        }
        boolean local = master.startsWith("local");
        conf.setMaster(retrying(master));
        conf.setIfMissing("spark.app.name", "orrery");
        if (local) {
            // nothing to reach but this machine: no UI port, no host name look-up
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // executors on other nodes: the distribution at the same path (shared storage) gives them
        // Orrery's class path and its home (built-in plugins, the Python helper for external programs)
        String home = System.getProperty("orrery.home");
        if (home != null && !local) {
            conf.setIfMissing("spark.executor.extraClassPath", home + "/lib/*:" + home + "/lib/spark/*");
            String opts = conf.get("spark.executor.extraJavaOptions", "");
            if (!opts.contains("-Dorrery.home=")) {
                conf.set("spark.executor.extraJavaOptions", (opts + " -Dorrery.home=" + home).strip());
            }
        }
        for (Map.Entry<String, String> e : options.conf().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        try {
            return new SparkEngine(new JavaSparkContext(conf), options, true);
        } catch (RuntimeException e) {
            throw new WorkflowException("cannot start Spark with master " + master + ": " + firstLine(e), e);
        }
    }

    /** {@code local[N]} → {@code local[N,4]}: a failed task is retried in local mode as on a cluster. */
    static String retrying(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return master;
        }
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + LOCAL_ATTEMPTS + "]";
    }

    public JavaSparkContext context() {
        return context;
    }

    public SparkOptions options() {
        return options;
    }

    @Override
    public CampaignExecutor executor(SimulateRequest request, String simulatorVersion) {
        return new SparkCampaignExecutor(this, request, simulatorVersion);
    }

    @Override
    public void close() {
        if (owner) {
            context.stop();
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
