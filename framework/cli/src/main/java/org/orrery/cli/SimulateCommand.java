package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.orrery.campaign.CampaignSpec;
import org.orrery.workflow.Durations;
import org.orrery.workflow.SimulateRequest;
import org.orrery.workflow.SimulateResult;
import org.orrery.workflow.Summaries;
import org.orrery.workflow.Workflow;
import org.orrery.workflow.WorkflowListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orrery simulate}: parses the options, calls {@link Workflow#simulate} and prints. Simulation
 * i uses random stream (seed, i), so the bank does not depend on {@code --workers}; finished chunks
 * are kept as durable shards in {@code <out>.parts/} so that {@code --resume} continues a killed
 * run to the same bank.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a simulation campaign and write the bank as HDF5.")
public final class SimulateCommand implements Callable<Integer> {

  @Mixin HostOptions host;

  @Mixin SettingsOptions settings;

  @Spec CommandSpec spec;

  @Option(names = "--simulator", required = true, paramLabel = "ID", description = "Simulator plugin id, e.g. two_moons.")
  String simulator;

  @Option(names = "--num", required = true, paramLabel = "N", description = "Number of simulations.")
  long num;

  @Option(names = "--seed", required = true, paramLabel = "S", description = "Master seed.")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output bank (.h5 or .hdf5).")
  Path out;

  @Option(names = "--workers", paramLabel = "W", description = "Worker threads (default: all cores).")
  Integer workers;

  @Option(names = "--resume", description = "Continue an interrupted campaign (same --simulator, --num, --seed and settings).")
  boolean resume;

  @Option(names = "--overwrite", description = "Replace an existing finished bank at --out (without it, one is refused).")
  boolean overwrite;

  @Option(names = "--prior", paramLabel = "PRIOR",
      description = "Draw the parameters from this prior instead of the simulator's own, as text: one family for every "
          + "parameter ('normal(0, 0.5)') or one per parameter ('theta_1: uniform(-1, 1); theta_2: normal(0, 0.3)'); "
          + "families uniform(a, b), normal(mu, sigma), lognormal(mu, sigma) (of ln x), loguniform(a, b), "
          + "truncnormal(mu, sigma, a, b). An installed prior plugin's id works too. The bank records the prior.")
  String prior;

  @Option(names = "--timeout", paramLabel = "SEC", converter = TimeoutConverter.class,
      description = "Per-simulation time limit in seconds (e.g. 30 or 0.5; ISO-8601 such as PT2M also works). "
          + "A simulation over the limit is abandoned and recorded as failed. Default: none.")
  Duration timeout = Duration.ZERO;

  @Option(names = "--checkpoint-every", paramLabel = "SEC", converter = TimeoutConverter.class,
      description = "Longest time finished simulations wait in memory before they are written to a durable shard "
          + "in <out>.parts/; a kill loses at most this much finished work (--resume redoes it). 0 writes every "
          + "chunk at once. Default: 2.")
  Duration checkpointEvery = CampaignSpec.DEFAULT_CHECKPOINT_EVERY;

  @Option(names = "--fix", paramLabel = "NAME=VALUE",
      description = "Pin a parameter instead of drawing it from the prior (repeatable), e.g. --fix sigma_8=0.8.")
  List<String> fixes = new ArrayList<>();

  /** Where the simulations run. */
  enum Engine { local, spark }

  @Option(names = "--engine", paramLabel = "ENGINE",
      description = "Where the simulations run: local (this JVM's worker threads, default) or spark "
          + "(a Spark application; see docs/spark.md). Same seed, same bank.")
  Engine engine = Engine.local;

  @Option(names = "--master", paramLabel = "URL",
      description = "With --engine spark: the Spark master, e.g. local[2] or spark://host:7077 (default: the one "
          + "spark-submit sets).")
  String master;

  @Option(names = "--spark-shared", paramLabel = "URI",
      description = "With --engine spark: stage shards on a Hadoop file system (hdfs://..., s3a://...) when the "
          + "executors cannot write the bank's folder. Default: executors write <out>.parts/ directly.")
  String sparkShared;

  @Option(names = "--ship-plugins",
      description = "With --engine spark: send the plugin folders with the job instead of reading them from "
          + "storage every node shares.")
  boolean shipPlugins;

  /** Seconds between plain progress lines when stderr is not a terminal. */
  static final long PLAIN_PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

  @Override
  public Integer call() {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SimulateRequest request = Cli.request(() -> new SimulateRequest(simulator, settings.settings(), prior, parseFixes(fixes),
        num, seed, out, workers, resume, timeout, checkpointEvery, overwrite));
    if (engine == Engine.local && (master != null || sparkShared != null || shipPlugins)) {
      throw new UsageException("--master, --spark-shared and --ship-plugins need --engine spark");
    }
    try (Workflow w = host.workflow()) {
      SimulateResult r = Cli.map(() -> {
        if (engine == Engine.spark) {
          // Spark's classes are loaded only here: a local campaign never touches them
          return SparkCampaigns.simulate(w, request, plainLines(err), master, host.dropInDirs(), sparkShared,
              shipPlugins);
        }
        if (System.console() != null) {
          try (Bar bar = new Bar(simulator, num)) {
            return w.simulate(request, bar);
          }
        }
        return w.simulate(request, plainLines(err));
      });
      outw.println(Summaries.simulate(r));
      if (r.withdrawn()) {
        outw.println("note: simulator " + simulator + " was withdrawn or replaced during the run; all simulations used"
            + " version " + r.simulatorVersion() + " (the instance acquired at the start)");
      }
      outw.flush();
      return 0;
    }
  }

  /** {@code NAME=VALUE} pairs; names are checked against the simulator's parameters by the workflow. */
  static Map<String, Double> parseFixes(List<String> fixes) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String fix : fixes) {
      int eq = fix.indexOf('=');
      if (eq <= 0 || eq == fix.length() - 1) {
        throw new UsageException("--fix wants NAME=VALUE, got: " + fix);
      }
      String name = fix.substring(0, eq).trim();
      double value;
      try {
        value = Double.parseDouble(fix.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--fix " + name + ": not a number: " + fix.substring(eq + 1));
      }
      if (out.put(name, value) != null) {
        throw new UsageException("--fix names " + name + " twice");
      }
    }
    return out;
  }

  /** A progress bar on a terminal. */
  private static final class Bar implements WorkflowListener, AutoCloseable {
    private final ProgressBar bar;

    Bar(String id, long total) {
      bar = new ProgressBarBuilder().setTaskName(id).setInitialMax(total)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" sims", 1).showSpeed()
          .setUpdateIntervalMillis(250).build();
    }

    @Override
    public void campaign(String simulator, long done, long failed, long total, double rate) {
      bar.stepTo(done);
      bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** One line every few seconds: done/total, percentage, failures, rate and ETA. */
  static WorkflowListener plainLines(PrintWriter err) {
    long[] last = {System.nanoTime()};
    return new WorkflowListener() {
      @Override
      public void message(String line) {
        err.println(line);
        err.flush();
      }

      @Override
      public void campaign(String id, long done, long failed, long total, double rate) {
        long now = System.nanoTime();
        if (now - last[0] < PLAIN_PROGRESS_INTERVAL_NANOS || done >= total) {
          return;
        }
        last[0] = now;
        String eta = rate > 0 ? Durations.format((total - done) / rate) : "?";
        err.printf(Locale.ROOT, "%s: %d/%d (%.1f%%), %d failed, %.0f sims/s, ETA %s%n", id, done, total,
            100.0 * done / total, failed, rate, eta);
        err.flush();
      }
    };
  }

  /** Seconds as a decimal number, or an ISO-8601 duration. */
  static final class TimeoutConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim();
      try {
        if (v.toUpperCase(Locale.ROOT).startsWith("PT")) {
          return check(Duration.parse(v), value);
        }
        String secs = v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
        double s = Double.parseDouble(secs);
        if (!Double.isFinite(s)) {
          throw new NumberFormatException();
        }
        return check(Duration.ofNanos(Math.round(s * 1e9)), value);
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "seconds (e.g. 30 or 0.5) or an ISO-8601 duration (PT2M) expected, got: " + value);
      }
    }

    private static Duration check(Duration d, String value) {
      if (d.isNegative()) {
        throw new picocli.CommandLine.TypeConversionException("must be >= 0 seconds, got: " + value);
      }
      return d;
    }
  }
}
