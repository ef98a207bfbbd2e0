package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.orrery.prior.GenerativePrior;
import org.osgi.service.component.annotations.Component;

/** Shipped score prior {@code score_turbulent} (weights /score-priors/turbulent.oscp; reproduced by bench/train-score-priors.sh). */
@Component(service = GenerativePrior.class, property = {
    ID + "=score_turbulent",
    NAME + "=Score prior, turbulent accretion-like rings",
    DESCRIPTION + "=learned diffusion prior trained on eht_turbulent_ring images (rings times a log-normal random field); 32x32 over 160 uas; shipped weights"})
public final class TurbulentScorePrior extends ShippedScorePrior {

    public TurbulentScorePrior() {
        super("score_turbulent", "/score-priors/turbulent.oscp");
    }
}
