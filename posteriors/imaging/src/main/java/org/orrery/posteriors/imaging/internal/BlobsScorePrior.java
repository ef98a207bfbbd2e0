package org.orrery.posteriors.imaging.internal;

import static org.orrery.plugin.PluginProperties.DESCRIPTION;
import static org.orrery.plugin.PluginProperties.ID;
import static org.orrery.plugin.PluginProperties.NAME;

import org.orrery.prior.GenerativePrior;
import org.osgi.service.component.annotations.Component;

/** Shipped score prior {@code score_blobs} (weights /score-priors/blobs.oscp; reproduced by bench/train-score-priors.sh). */
@Component(service = GenerativePrior.class, property = {
    ID + "=score_blobs",
    NAME + "=Score prior, generic Gaussian blobs",
    DESCRIPTION + "=learned diffusion prior trained on generic blob images (16 Gaussians of varied size and flux spread over a disc up to 60 uas; not ring-shaped by construction); 32x32 over 160 uas; shipped weights"})
public final class BlobsScorePrior extends ShippedScorePrior {

    public BlobsScorePrior() {
        super("score_blobs", "/score-priors/blobs.oscp");
    }
}
