package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.orrery.prior.GenerativePrior;
import org.osgi.service.component.annotations.Component;

/** Shipped score prior {@code score_ring} (weights /score-priors/ring.oscp; reproduced by bench/train-score-priors.sh). */
@Component(service = GenerativePrior.class, property = {
    ID + "=score_ring",
    NAME + "=Score prior, ring/crescent family",
    DESCRIPTION + "=learned diffusion prior trained on eht_crescent images (asymmetric rings); 32x32 over 160 uas; shipped weights"})
public final class RingScorePrior extends ShippedScorePrior {

    public RingScorePrior() {
        super("score_ring", "/score-priors/ring.oscp");
    }
}
