package org.orrery.plugin;

/** The four kinds of plugin the host keeps a registry of, by the service interface they provide. */
public enum PluginKind {
    SIMULATOR("org.orrery.simulator.Simulator"),
    PRIOR("org.orrery.prior.Prior"),
    GENERATIVE_PRIOR("org.orrery.prior.GenerativePrior"),
    ESTIMATOR("org.orrery.posterior.PosteriorEstimator"),
    VALIDATOR("org.orrery.validation.Validator"),
    STATISTIC("org.orrery.validation.Statistic");

    private final String serviceInterface;

    PluginKind(String serviceInterface) {
        this.serviceInterface = serviceInterface;
    }

    public String serviceInterface() {
        return serviceInterface;
    }
}
