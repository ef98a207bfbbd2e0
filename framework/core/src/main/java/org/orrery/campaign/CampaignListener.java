package org.orrery.campaign;

/** Progress of a campaign, called from one monitor thread a few times a second and once at the end. */
@FunctionalInterface
public interface CampaignListener {

    /**
     * @param done   simulations finished (ok + failed), including those recovered from shards
     * @param failed of which failed
     * @param total  simulations requested
     * @param rate   simulations per second in this run
     */
    void progress(long done, long failed, long total, double rate);

    CampaignListener NONE = (d, f, t, r) -> { };
}
