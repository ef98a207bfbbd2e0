package org.orrery.campaign;

import java.nio.file.Path;
import org.orrery.io.BadInputException;

/**
 * Why a campaign could not start or go on, as a typed reason a front end words in its own terms:
 * the message here names no command-line flag (it says "resume", "the output bank"), and the
 * command line turns {@link #kind()} and the paths into "pass --resume", "choose another --out".
 */
public final class CampaignException extends BadInputException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The bank's parts directory holds an interrupted campaign, and resuming was not asked for. */
        PARTS_EXIST,
        /** Resuming found a finished bank of another campaign; {@link #detail()} says what differs. */
        BANK_MISMATCH,
        /** Resuming found the parts of another campaign; {@link #detail()} says what differs. */
        PARTS_MISMATCH,
        /** Resuming found a parts manifest it cannot read; {@link #detail()} names it. */
        PARTS_UNREADABLE,
        /** Resuming found a shard larger than this campaign can write; {@link #detail()} says so. */
        SHARD_TOO_LARGE,
        /** The campaign's thread was interrupted; the durable shards are kept for a resume. */
        INTERRUPTED
    }

    private final transient Kind kind;
    private final transient Path bank;
    private final transient Path parts;
    private final String detail;

    /**
     * @param bank   the bank being written
     * @param parts  its parts directory
     * @param detail what differs or what is wrong (a phrase, no flags), or null
     */
    public CampaignException(Kind kind, Path bank, Path parts, String detail) {
        super(neutral(kind, bank, parts, detail));
        this.kind = kind;
        this.bank = bank;
        this.parts = parts;
        this.detail = detail == null ? "" : detail;
    }

    public Kind kind() {
        return kind;
    }

    public Path bank() {
        return bank;
    }

    public Path parts() {
        return parts;
    }

    public String detail() {
        return detail;
    }

    /** The message for a Java caller: request terms, no flags. */
    private static String neutral(Kind kind, Path bank, Path parts, String detail) {
        return switch (kind) {
            case PARTS_EXIST -> parts + " holds an interrupted campaign: resume it, or delete it to start over";
            case BANK_MISMATCH -> "cannot resume: the bank " + bank + " " + detail + "; choose another output bank";
            case PARTS_MISMATCH -> "cannot resume: the interrupted campaign for " + bank + " " + detail + "; delete "
                    + parts + " or choose another output bank";
            case PARTS_UNREADABLE -> "cannot resume: " + detail + " is unreadable; delete " + parts + " to start over";
            case SHARD_TOO_LARGE -> "cannot resume: " + detail;
            case INTERRUPTED -> "campaign interrupted; resume it to continue";
        };
    }
}
