package org.orrery.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.orrery.data.ArraySpec;
import org.orrery.data.Box;
import org.orrery.parameter.ParameterSpace;

/**
 * What a bank says about itself (HDF5 attributes of the root group).
 *
 * @param simulatorId      simulator plugin id
 * @param simulatorVersion bundle version of the simulator plugin that produced every row
 * @param parameters       names, units, LaTeX labels and bounds of θ, in column order
 * @param observable       name, shape and unit of x
 * @param prior            prior description, e.g. {@code Uniform(-1, 1)^2}
 * @param seed             master seed of the campaign
 * @param numRequested     simulations requested (ok + failed)
 * @param orreryVersion    version of Orrery that wrote it
 * @param created          when the bank was completed
 * @param latents          the simulator's other named outputs, stored beside x (initial fields, velocities)
 * @param box              the simulated volume, for field and point-set outputs
 * @param settings         every setting the simulator ran with, defaults included, as canonical JSON
 *                         ({@link #canonicalSettings}: keys sorted, e.g. {@code {"dims":2,"grid":64}});
 *                         {@code ""} when not recorded (banks written before settings, or by a caller
 *                         that does not know them)
 */
public record BankMetadata(String simulatorId, String simulatorVersion, ParameterSpace parameters,
        ArraySpec observable, String prior, long seed, long numRequested, String orreryVersion, Instant created,
        List<ArraySpec> latents, Optional<Box> box, String settings) {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** Names the bank layout keeps for itself; outputs may not use them. */
    static final Set<String> RESERVED = Set.of("theta", "index", "failures");

    public BankMetadata {
        if (simulatorId == null || simulatorId.isBlank()) {
            throw new IllegalArgumentException("bank needs a simulator id, got: " + simulatorId);
        }
        if (parameters == null || observable == null) {
            throw new IllegalArgumentException("bank needs a parameter space and an observable");
        }
        if (numRequested < 0) {
            throw new IllegalArgumentException("num requested must be >= 0, got: " + numRequested);
        }
        simulatorVersion = simulatorVersion == null ? "" : simulatorVersion;
        prior = prior == null ? "" : prior;
        orreryVersion = orreryVersion == null ? OrreryVersion.get() : orreryVersion;
        created = created == null ? Instant.now() : created;
        latents = latents == null ? List.of() : List.copyOf(latents);
        box = box == null ? Optional.empty() : box;
        settings = settings == null ? "" : settings;
        checkNames(observable, latents);
    }

    /** Settings not recorded. */
    public BankMetadata(String simulatorId, String simulatorVersion, ParameterSpace parameters, ArraySpec observable,
            String prior, long seed, long numRequested, String orreryVersion, Instant created, List<ArraySpec> latents,
            Optional<Box> box) {
        this(simulatorId, simulatorVersion, parameters, observable, prior, seed, numRequested, orreryVersion, created,
                latents, box, "");
    }

    /** This metadata with {@code settings} ({@link #canonicalSettings} text) recorded. */
    public BankMetadata withSettings(String settings) {
        return new BankMetadata(simulatorId, simulatorVersion, parameters, observable, prior, seed, numRequested,
                orreryVersion, created, latents, box, settings);
    }

    /**
     * Settings as the bank records them: a JSON object with the keys sorted and no spaces, so equal
     * settings give equal text (what resuming compares), and {@code json.loads} reads it.
     * Values are numbers, booleans or strings.
     */
    public static String canonicalSettings(Map<String, ?> settings) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(settings == null ? Map.of() : settings));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A bank of the observable alone (no latents, no box). */
    public BankMetadata(String simulatorId, String simulatorVersion, ParameterSpace parameters, ArraySpec observable,
            String prior, long seed, long numRequested, String orreryVersion, Instant created) {
        this(simulatorId, simulatorVersion, parameters, observable, prior, seed, numRequested, orreryVersion, created,
                List.of(), Optional.empty(), "");
    }

    /** The observable first, then the latents: every dataset a row of the bank has. */
    public List<ArraySpec> outputs() {
        ArraySpec[] all = new ArraySpec[latents.size() + 1];
        all[0] = observable;
        for (int i = 0; i < latents.size(); i++) {
            all[i + 1] = latents.get(i);
        }
        return List.of(all);
    }

    /**
     * Output names become dataset names: unique, not a name of the layout itself, and not the
     * {@code <name>_offsets} companion of a varying point set.
     */
    static void checkNames(ArraySpec observable, List<ArraySpec> latents) {
        Set<String> seen = new HashSet<>();
        Set<String> offsets = new HashSet<>();
        List<ArraySpec> all = new java.util.ArrayList<>(latents);
        all.add(0, observable);
        for (ArraySpec a : all) {
            if (RESERVED.contains(a.name())) {
                throw new IllegalArgumentException("output name " + a.name() + " is reserved by the bank layout (theta, index,"
                        + " failures)");
            }
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("output name " + a.name() + " is declared twice");
            }
            if (Column.isVarying(a)) {
                offsets.add(a.name() + "_offsets");
            }
        }
        for (String o : offsets) {
            if (seen.contains(o)) {
                throw new IllegalArgumentException("output name " + o + " clashes with the offsets of a point set");
            }
        }
    }
}
