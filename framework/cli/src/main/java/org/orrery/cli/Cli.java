package org.orrery.cli;

import java.util.Map;
import java.util.function.Supplier;
import org.orrery.campaign.CampaignException;
import org.orrery.workflow.WorkflowException;

/** Maps the workflow's failures to the command line's words: a request field becomes its option. */
final class Cli {

    /** Request fields by the option that sets them. */
    static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("out", "--out"), Map.entry("workers", "--workers"), Map.entry("fix", "--fix"),
            Map.entry("checks", "--checks"), Map.entry("num_samples", "--num-samples"),
            Map.entry("simulator", "--simulator"), Map.entry("estimator", "--estimator"),
            Map.entry("settings", "--set"), Map.entry("generated", "--generated"),
            Map.entry("reference", "--reference"), Map.entry("num", "--num"), Map.entry("prior", "--prior"),
            Map.entry("bank", "--bank"), Map.entry("timeout", "--timeout"),
            Map.entry("checkpoint_every", "--checkpoint-every"));

    private Cli() {
    }

    /** Runs {@code call}, rewording a {@link WorkflowException} about one input in terms of its option. */
    static <T> T map(Supplier<T> call) {
        try {
            return call.get();
        } catch (WorkflowException e) {
            RuntimeException r = reworded(e);
            // a refused setting, prior or pin is a bad option: exit status 2, as a range error is
            throw e instanceof org.orrery.workflow.RefusedValueException ? new UsageException(r.getMessage(), e) : r;
        }
    }

    /**
     * Builds a request: a value it refuses (out of range, malformed) is a usage error, exit status 2,
     * worded in terms of its option.
     */
    static <T> T request(Supplier<T> build) {
        try {
            return build.get();
        } catch (WorkflowException e) {
            RuntimeException r = reworded(e);
            throw new UsageException(r.getMessage(), e);
        }
    }

    static RuntimeException reworded(WorkflowException e) {
        if (e.getCause() instanceof CampaignException c) {
            return new CliException(campaign(c), e);
        }
        if (e instanceof org.orrery.workflow.OutputExistsException x) {
            return new CliException(x.output() + " exists (a finished " + x.what() + "); pass --overwrite to replace it, or choose another --out", e);
        }
        if (e.input() == null) {
            return e;
        }
        String option = OPTIONS.getOrDefault(e.input(), e.input());
        String p = e.problem();
        return new CliException(option + (p.startsWith(":") ? "" : " ") + p, e);
    }

    /** A campaign's typed reason in the command line's words. */
    static String campaign(CampaignException c) {
        return switch (c.kind()) {
            case PARTS_EXIST -> c.parts() + " holds an interrupted campaign: pass --resume to continue it, or delete it"
                    + " to start over";
            case BANK_MISMATCH -> "--resume: the bank " + c.bank() + " " + c.detail() + "; choose another --out";
            case PARTS_MISMATCH -> "--resume: the interrupted campaign for " + c.bank() + " " + c.detail() + "; delete "
                    + c.parts() + " or change --out";
            case PARTS_UNREADABLE -> "--resume: " + c.detail() + " is unreadable; delete " + c.parts() + " to start over";
            case SHARD_TOO_LARGE -> "--resume: " + c.detail();
            case INTERRUPTED -> "campaign interrupted; resume it with --resume";
        };
    }
}
