package org.orrery.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.orrery.bank.BankReader;
import org.orrery.bank.BankView;
import org.orrery.imaging.ImageGrid;
import org.orrery.posteriors.imaging.internal.ScorePriorTraining;
import org.orrery.posteriors.imaging.internal.ScoreTrainer;

/**
 * The reference for {@link ScorePriorCommandTest}: the score-prior trainer called directly (no
 * host, no settings layer) on a bank's images, in its own JVM (libtorch's native library can be
 * loaded by one class loader per process, and the command under test loads it inside the host).
 * Args: BANK OUT.oscp PIXELS CHANNELS(a-b) BATCH STEPS EPOCHS SEED.
 */
public final class ScorePriorReference {

    public static void main(String[] args) throws Exception {
        Path bank = Path.of(args[0]);
        int pixels = Integer.parseInt(args[2]);
        int[] channels = java.util.Arrays.stream(args[3].split("-")).mapToInt(Integer::parseInt).toArray();
        int batch = Integer.parseInt(args[4]);
        int steps = Integer.parseInt(args[5]);
        int epochs = Integer.parseInt(args[6]);
        long seed = Long.parseLong(args[7]);
        double[][] raw;
        String source;
        int n;
        try (BankView data = BankReader.open(bank)) {
            n = data.observable().shape()[0];
            raw = new double[data.size()][];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = data.x(k);
            }
            source = "bank " + bank.getFileName() + " of " + data.metadata().simulatorId() + " " + data.metadata().simulatorVersion();
        }
        double[][] images = ScorePriorTraining.prepare(raw, n, pixels, 0.6);
        double ema = Math.min(0.999, 1 - 10.0 / ((double) epochs * steps));
        var cfg = new ScoreTrainer.Config(channels, 64, 8, 0.01, 50, batch, steps, epochs, epochs, 2e-3, ema, seed);
        var r = ScoreTrainer.train(ImageGrid.square(pixels, 160), images, cfg, source + " at 0.6 Jy", null);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])))) {
            r.write(o);
        }
    }
}
