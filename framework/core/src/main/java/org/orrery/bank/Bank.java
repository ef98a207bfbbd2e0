package org.orrery.bank;

import java.util.List;
import org.orrery.data.ArraySpec;

/**
 * A bank held in memory: successful rows in index order, every named output of the simulator
 * (the observable first, then the latents) and the failures. Files are read through
 * {@link BankView}; {@link BankReader#read} loads one into a {@code Bank} when it fits in memory.
 */
public final class Bank implements BankData {

    private final BankMetadata metadata;
    private final double[][] theta;
    private final long[] index;
    /** Outputs in {@link BankMetadata#outputs()} order; [0] is the observable. */
    private final List<Column> columns;
    /** The observable's rows when it is a vector (no copy on the hot path of training). */
    private final double[][] xRows;
    private final List<Failure> failures;

    /** A bank of the observable alone, from flat rows. Arrays are kept, not copied: callers hand over ownership. */
    public Bank(BankMetadata metadata, long[] index, double[][] theta, double[][] x, List<Failure> failures) {
        this(metadata, index, theta, List.of(Column.ofFlatRows(metadata.observable(), x)), failures);
    }

    /** A bank with one column per output of {@code metadata}, in {@link BankMetadata#outputs()} order. */
    public Bank(BankMetadata metadata, long[] index, double[][] theta, List<Column> columns, List<Failure> failures) {
        List<ArraySpec> outputs = metadata.outputs();
        if (columns.size() != outputs.size()) {
            throw new IllegalArgumentException("bank has " + columns.size() + " output columns, its metadata declares "
                    + outputs.size() + ": " + outputs);
        }
        if (index.length != theta.length) {
            throw new IllegalArgumentException("bank arrays disagree: " + index.length + " indices, " + theta.length
                    + " θ rows");
        }
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            if (!c.spec().equals(outputs.get(k))) {
                throw new IllegalArgumentException("bank column " + k + " is " + c.spec() + ", expected " + outputs.get(k));
            }
            if (c.rows() != theta.length) {
                throw new IllegalArgumentException("bank arrays disagree: " + theta.length + " θ rows, " + c.rows()
                        + " rows of " + c.name());
            }
        }
        int dTheta = metadata.parameters().dimension();
        for (int i = 0; i < theta.length; i++) {
            if (theta[i].length != dTheta) {
                throw new IllegalArgumentException("bank row " + i + " has " + theta[i].length + " θ values, expected "
                        + dTheta);
            }
        }
        this.metadata = metadata;
        this.index = index;
        this.theta = theta;
        this.columns = List.copyOf(columns);
        this.xRows = this.columns.get(0).vectorRows();
        this.failures = List.copyOf(failures);
    }

    @Override
    public BankMetadata metadata() {
        return metadata;
    }

    @Override
    public int size() {
        return theta.length;
    }

    @Override
    public double[] theta(int i) {
        return theta[i].clone();
    }

    /** Flat observable of row i; for a point set of varying size, {@code count × w} values. */
    @Override
    public double[] x(int i) {
        return xRows != null ? xRows[i].clone() : columns.get(0).values(i);
    }

    /** Flat row-major values of output {@code name} for row i (a fresh array). */
    @Override
    public double[] values(String name, int i) {
        return column(name).values(i);
    }

    /** All rows of output {@code name}. */
    public Column column(String name) {
        for (Column c : columns) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("bank of " + metadata.simulatorId() + " has no output " + name + "; it has "
                + columns.stream().map(Column::name).toList());
    }

    public List<Column> columns() {
        return columns;
    }

    /** Campaign index of row i. */
    @Override
    public long index(int i) {
        return index[i];
    }

    @Override
    public List<Failure> failures() {
        return failures;
    }

    // package-private views for the writer, which must not copy a million rows
    double[][] thetaRows() {
        return theta;
    }

    long[] indices() {
        return index;
    }
}
