package org.orrery.bank;

import java.util.List;
import org.orrery.data.ArraySpec;
import org.orrery.data.SimulationSet;
import org.orrery.parameter.ParameterSpace;

/**
 * A bank held in memory: successful rows in index order and the failures.
 */
public final class Bank implements SimulationSet {

    private final BankMetadata metadata;
    private final double[][] theta;
    private final double[][] x;
    private final long[] index;
    private final List<Failure> failures;

    /** Arrays are kept, not copied: callers hand over ownership. */
    public Bank(BankMetadata metadata, long[] index, double[][] theta, double[][] x, List<Failure> failures) {
        if (index.length != theta.length || theta.length != x.length) {
            throw new IllegalArgumentException("bank arrays disagree: " + index.length + " indices, " + theta.length
                    + " θ rows, " + x.length + " x rows");
        }
        int dTheta = metadata.parameters().dimension();
        int dx = metadata.observable().size();
        for (int i = 0; i < theta.length; i++) {
            if (theta[i].length != dTheta || x[i].length != dx) {
                throw new IllegalArgumentException("bank row " + i + " has " + theta[i].length + " θ and " + x[i].length
                        + " x values, expected " + dTheta + " and " + dx);
            }
        }
        this.metadata = metadata;
        this.index = index;
        this.theta = theta;
        this.x = x;
        this.failures = List.copyOf(failures);
    }

    public BankMetadata metadata() {
        return metadata;
    }

    @Override
    public ParameterSpace parameters() {
        return metadata.parameters();
    }

    @Override
    public ArraySpec observable() {
        return metadata.observable();
    }

    @Override
    public int size() {
        return theta.length;
    }

    @Override
    public double[] theta(int i) {
        return theta[i].clone();
    }

    @Override
    public double[] x(int i) {
        return x[i].clone();
    }

    /** Campaign index of row i. */
    public long index(int i) {
        return index[i];
    }

    public List<Failure> failures() {
        return failures;
    }

    // package-private views for the writer, which must not copy a million rows
    double[][] thetaRows() {
        return theta;
    }

    double[][] xRows() {
        return x;
    }

    long[] indices() {
        return index;
    }
}
