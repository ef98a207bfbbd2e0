package org.orrery.workflow;

import org.orrery.campaign.CampaignExecutor;

/**
 * Where a campaign's simulations run: {@link Workflow#simulate(SimulateRequest, WorkflowListener,
 * CampaignEngine)} asks it for the {@link CampaignExecutor} of one campaign. Absent, the campaign
 * runs on this JVM's lanes; a cluster engine (Spark, in framework/spark) prepares the same request
 * on its executors with {@link Workflow#prepareSimulator} and runs the same per-index step there.
 */
@FunctionalInterface
public interface CampaignEngine {

    /**
     * @param request          the campaign, as the driver runs it
     * @param simulatorVersion the version the driver's simulator records (bundle version and settings);
     *                         an executor whose plugins give another version must refuse to run
     */
    CampaignExecutor executor(SimulateRequest request, String simulatorVersion);
}
