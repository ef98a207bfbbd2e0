package org.orrery.workflow;

import org.orrery.campaign.CampaignResult;
import org.orrery.plugin.SettingValues;

/**
 * What a campaign did.
 *
 * @param campaign          counts, failures and wall time
 * @param num               simulations requested
 * @param simulatorVersion  the simulator bundle's version as recorded in the bank
 * @param settings          every setting the simulator ran with (defaults included)
 * @param withdrawn         true when the simulator was replaced or removed during the run
 */
public record SimulateResult(CampaignResult campaign, long num, String simulatorVersion, SettingValues settings,
        boolean withdrawn) {
}
