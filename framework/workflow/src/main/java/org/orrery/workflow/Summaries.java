package org.orrery.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orrery.bank.Failure;
import org.orrery.campaign.CampaignResult;

/** The lines every front end prints after a use case, written once. */
public final class Summaries {

    private Summaries() {
    }

    /** What a campaign wrote, and its first failures. */
    public static String simulate(SimulateResult s) {
        CampaignResult r = s.campaign();
        List<String> lines = new ArrayList<>();
        if (r.alreadyComplete()) {
            lines.add(String.format(Locale.ROOT, "%s is already complete: %d ok, %d failed; nothing to do", r.out(), r.numOk(),
                    r.numFailed()));
        } else {
            lines.add(String.format(Locale.ROOT, "wrote %s: %d ok, %d failed of %d in %s (%.0f sims/s%s)", r.out(), r.numOk(),
                    r.numFailed(), s.num(), Durations.format(r.wall().toNanos() / 1e9), r.rate(),
                    r.simulatedNow() < s.num() ? ", " + (s.num() - r.simulatedNow()) + " recovered from shards" : ""));
        }
        if (!s.settings().values().isEmpty()) {
            lines.add("settings: " + s.settings());
        }
        if (r.numFailed() > 0) {
            lines.add("first failures (index: reason):");
            for (Failure f : r.firstFailures()) {
                lines.add("  " + f.index() + ": " + f.reason());
            }
            if (r.numFailed() > r.firstFailures().size()) {
                lines.add("  … and " + (r.numFailed() - r.firstFailures().size()) + " more under /failures in the bank");
            }
        }
        return String.join(System.lineSeparator(), lines);
    }
}
