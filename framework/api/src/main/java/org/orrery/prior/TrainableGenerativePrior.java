package org.orrery.prior;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.orrery.data.SimulationSet;
import org.orrery.plugin.Setting;
import org.orrery.plugin.SettingValues;
import org.orrery.posterior.TrainingListener;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A generative prior that is trained on the observables of a simulation bank
 * ({@code orrery train --estimator ID --bank images.h5 --out FILE}): training writes a file that
 * configures this prior, usable at once (e.g. {@code orrery image --prior FILE}). Since 1.1.
 */
@ConsumerType
public interface TrainableGenerativePrior extends GenerativePrior {

    /** The settings training takes, with their defaults (unknown names are refused by the host). */
    List<Setting> trainingSettings();

    /** The ending of the file {@link #train} writes, e.g. {@code .oscp}. */
    String fileSuffix();

    /**
     * Trains on {@code data}'s observables and writes the prior's file to {@code out}. Data this prior
     * cannot model (wrong shape, non-finite values) fail with a one-line {@link IllegalArgumentException}
     * before anything is written.
     *
     * @param settings the training settings, checked against {@link #trainingSettings()}, defaults filled in
     * @param seed     seed of the weights, the batches and the noise: same data, settings and seed give the same file
     * @param source   what the data are (bank, simulator), stored in the file
     * @param listener progress, stop requests and checkpoints (resume when it holds one)
     */
    void train(SimulationSet data, SettingValues settings, long seed, String source, TrainingListener listener, OutputStream out)
            throws IOException;
}
