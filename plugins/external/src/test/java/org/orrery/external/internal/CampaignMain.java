package org.orrery.external.internal;

import java.nio.file.Path;

/** A campaign in its own JVM, for the kill -9 test: manifest scratch out num workers. */
public final class CampaignMain {
    public static void main(String[] args) throws Exception {
        try (ExternalSimulator sim = Fixtures.simulator(Path.of(args[0]), Path.of(args[1]))) {
            Fixtures.campaign(sim, Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), false);
        }
    }
}
