package org.orrery.campaign;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.orrery.bank.Failure;

/**
 * Outcome of a campaign.
 *
 * @param out           the bank written
 * @param numOk         successful simulations (rows of every output)
 * @param numFailed     failed simulations
 * @param firstFailures the failures with the lowest indices (at most {@link #SHOWN_FAILURES})
 * @param simulatedNow  simulations run by this invocation (the rest came from shards)
 * @param wall          wall time of this invocation
 * @param alreadyComplete true when resuming found a finished bank and ran nothing
 */
public record CampaignResult(Path out, long numOk, long numFailed, List<Failure> firstFailures, long simulatedNow,
        Duration wall, boolean alreadyComplete) {

    public static final int SHOWN_FAILURES = 10;

    public CampaignResult {
        firstFailures = List.copyOf(firstFailures);
    }

    /** Simulations per second of this invocation. */
    public double rate() {
        double s = wall.toNanos() / 1e9;
        return s > 0 ? simulatedNow / s : 0;
    }
}
