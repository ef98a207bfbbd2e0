package org.orrery.host.testplugins.good;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;

/**
 * x = θ + (1, 2), deterministic. displayName carries the content version read from the jar at
 * construction, so tests can tell which jar an object came from after a hot swap.
 */
@Component(property = {"orrery.id=test_shift", "orrery.name=Test shift", "orrery.description=adds (1, 2) to theta"})
public class ShiftSimulator implements Simulator {

    private static final ParameterSpace SPACE = ParameterSpace.of(Parameter.bounded("a", -1, 1), Parameter.bounded("b", -1, 1));

    private final String contentVersion = readContentVersion();

    private String readContentVersion() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("test-content-version.txt")) {
            return in == null ? "?" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String id() {
        return "test_shift";
    }

    @Override
    public String displayName() {
        return "Test shift " + contentVersion;
    }

    @Override
    public Prior prior() {
        return new Prior() {
            @Override
            public ParameterSpace space() {
                return SPACE;
            }

            @Override
            public double[] sample(UniformRandomProvider rng) {
                return new double[] {2 * rng.nextDouble() - 1, 2 * rng.nextDouble() - 1};
            }

            @Override
            public double logDensity(double[] theta) {
                return SPACE.contains(theta) ? -Math.log(4) : Double.NEGATIVE_INFINITY;
            }
        };
    }

    @Override
    public ArraySpec observable() {
        return ArraySpec.vector("x", 2);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        return new double[] {theta[0] + 1, theta[1] + 2};
    }
}
