package org.orrery.host;

/**
 * Where start-up time went.
 *
 * @param nd4jInitMillis       initialising ND4J's native backend (0 when not requested)
 * @param frameworkStartMillis creating and starting Felix with SCR and FileInstall
 * @param settleMillis         waiting until every drop-in jar is a plugin or a recorded problem
 */
public record HostTimings(long nd4jInitMillis, long frameworkStartMillis, long settleMillis) {

    /** Start-to-ready time after ND4J is initialised. */
    public long readyMillis() {
        return frameworkStartMillis + settleMillis;
    }
}
