package org.orrery.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.orrery.bank.Failure;
import org.orrery.campaign.Campaign;
import org.orrery.campaign.CampaignListener;
import org.orrery.campaign.CampaignResult;
import org.orrery.campaign.CampaignSpec;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.io.AtomicFiles;
import org.orrery.io.BadInputException;
import org.orrery.plugin.PluginKind;
import org.orrery.simulator.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orrery simulate}: runs a reproducible, resumable campaign of a simulator plugin and writes
 * the bank (HDF5). Simulation i uses random stream (seed, i), so the bank does not depend on
 * {@code --workers}; finished chunks are kept as durable shards in {@code <out>.parts/} so that
 * {@code --resume} continues a killed run to the same bank.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a simulation campaign and write the bank as HDF5.")
public final class SimulateCommand implements Callable<Integer> {

  @Mixin HostOptions host;

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

  @Option(names = "--resume", description = "Continue an interrupted campaign (same --simulator, --num and --seed).")
  boolean resume;

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

  /** Seconds between plain progress lines when stderr is not a terminal. */
  static final long PLAIN_PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

  @Override
  public Integer call() {
    PrintWriter outw = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CampaignSpec campaign = validate();
    try (OrreryHost h = host.start();
        PluginHandle<Simulator> handle = acquire(h)) {
      String version = handle.info().version();
      Simulator sim = FixedParameters.pin(handle.get(), FixedParameters.parse(fixes, handle.get().parameters()));
      CampaignResult r = run(sim, version, campaign, err, System.console() != null);
      summary(outw, r, campaign);
      if (handle.withdrawn()) {
        outw.println("note: simulator " + simulator + " was withdrawn or replaced during the run; all simulations used"
            + " version " + version + " (the instance acquired at the start)");
      }
      outw.flush();
      return 0;
    }
  }

  /** Everything that can be checked before starting the host, so bad input fails fast and writes nothing. */
  CampaignSpec validate() {
    String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".h5") && !name.endsWith(".hdf5")) {
      throw new CliException("--out must name an HDF5 bank (.h5 or .hdf5), got: " + out);
    }
    if (Files.isDirectory(out)) {
      throw new CliException("--out is a directory, not a bank file: " + out);
    }
    int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
    try {
      AtomicFiles.checkWritableDirectory(AtomicFiles.parentOf(out), out);
      return new CampaignSpec(num, seed, out, w, timeout, resume, 0, checkpointEvery);
    } catch (BadInputException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private PluginHandle<Simulator> acquire(OrreryHost h) {
    try {
      return h.acquire(PluginKind.SIMULATOR, simulator, Simulator.class);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** Runs the campaign with a progress bar on a terminal, plain periodic lines otherwise. */
  static CampaignResult run(Simulator sim, String version, CampaignSpec campaign, PrintWriter err, boolean terminal) {
    try {
      if (terminal) {
        try (ProgressBar bar = new ProgressBarBuilder()
            .setTaskName(sim.id())
            .setInitialMax(campaign.num())
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUnit(" sims", 1)
            .showSpeed()
            .setUpdateIntervalMillis(250)
            .build()) {
          return new Campaign(sim, version, campaign, (done, failed, total, rate) -> {
            bar.stepTo(done);
            bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
          }).run();
        }
      }
      return new Campaign(sim, version, campaign, plainLines(err, sim.id())).run();
    } catch (BadInputException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** One line every few seconds: done/total, percentage, failures, rate and ETA. */
  static CampaignListener plainLines(PrintWriter err, String id) {
    long[] last = {System.nanoTime()};
    return (done, failed, total, rate) -> {
      long now = System.nanoTime();
      if (now - last[0] < PLAIN_PROGRESS_INTERVAL_NANOS || done >= total) {
        return;
      }
      last[0] = now;
      String eta = rate > 0 ? formatSeconds((total - done) / rate) : "?";
      err.printf(Locale.ROOT, "%s: %d/%d (%.1f%%), %d failed, %.0f sims/s, ETA %s%n", id, done, total,
          100.0 * done / total, failed, rate, eta);
      err.flush();
    };
  }

  static void summary(PrintWriter o, CampaignResult r, CampaignSpec campaign) {
    if (r.alreadyComplete()) {
      o.printf(Locale.ROOT, "%s is already complete: %d ok, %d failed; nothing to do%n", r.out(), r.numOk(), r.numFailed());
    } else {
      o.printf(Locale.ROOT, "wrote %s: %d ok, %d failed of %d in %s (%.0f sims/s%s)%n", r.out(), r.numOk(),
          r.numFailed(), campaign.num(), formatSeconds(r.wall().toNanos() / 1e9), r.rate(),
          r.simulatedNow() < campaign.num() ? ", " + (campaign.num() - r.simulatedNow()) + " recovered from shards" : "");
    }
    if (r.numFailed() > 0) {
      o.println("first failures (index: reason):");
      for (Failure f : r.firstFailures()) {
        o.println("  " + f.index() + ": " + f.reason());
      }
      if (r.numFailed() > r.firstFailures().size()) {
        o.println("  … and " + (r.numFailed() - r.firstFailures().size()) + " more under /failures in the bank");
      }
    }
  }

  static String formatSeconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long t = Math.round(s);
    return t < 3600 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60)
        : String.format(Locale.ROOT, "%dh%02dm", t / 3600, (t % 3600) / 60);
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
