package org.orrery.campaign;

import java.nio.file.Path;
import java.time.Duration;
import org.orrery.simulator.Simulator;

/**
 * Runs a campaign of the slow test simulator in its own JVM, for the kill-and-resume test:
 * {@code out num seed workers chunk sleepMicros resume [points]}.
 */
public final class CampaignMain {
    public static void main(String[] a) {
        CampaignSpec spec = new CampaignSpec(Long.parseLong(a[1]), Long.parseLong(a[2]), Path.of(a[0]),
                Integer.parseInt(a[3]), Duration.ZERO, Boolean.parseBoolean(a[6]), Integer.parseInt(a[4]),
                Duration.ZERO); // every chunk checkpointed at once: the kill test counts shards
        long sleep = Long.parseLong(a[5]);
        Simulator sim = a.length > 7 && a[7].equals("points") ? new TestSimulators.Points(sleep)
                : new TestSimulators.Gauss(3, new int[] {4}, sleep);
        CampaignResult r = new Campaign(sim, "1.0.0", spec, CampaignListener.NONE).run();
        System.out.println("ok=" + r.numOk() + " failed=" + r.numFailed() + " now=" + r.simulatedNow());
    }
}
