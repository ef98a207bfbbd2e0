package org.orrery.host.testplugins.nd4j;

import org.apache.commons.rng.UniformRandomProvider;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.orrery.data.ArraySpec;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;
import org.orrery.simulator.Simulator;
import org.osgi.service.component.annotations.Component;

/** x = (A θ, Σθ) computed with ND4J inside the plugin, A = [[1, 2, 3], [4, 5, 6]]. */
@Component(property = {"orrery.id=test_nd4j_matmul", "orrery.name=ND4J matrix product"})
public class MatrixSimulator implements Simulator {

    private static final ParameterSpace SPACE = ParameterSpace.of(
            Parameter.unbounded("t0"), Parameter.unbounded("t1"), Parameter.unbounded("t2"));

    @Override
    public String id() {
        return "test_nd4j_matmul";
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
                return new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            }

            @Override
            public double logDensity(double[] theta) {
                return 0;
            }
        };
    }

    @Override
    public ArraySpec observable() {
        return ArraySpec.vector("x", 3);
    }

    @Override
    public double[] simulate(double[] theta, UniformRandomProvider rng) {
        INDArray a = Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}});
        INDArray t = Nd4j.create(theta, new long[] {3, 1});
        INDArray product = a.mmul(t);
        return new double[] {product.getDouble(0, 0), product.getDouble(1, 0), t.sumNumber().doubleValue()};
    }
}
