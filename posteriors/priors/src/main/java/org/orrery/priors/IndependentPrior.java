package org.orrery.priors;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.parameter.Parameter;
import org.orrery.parameter.ParameterSpace;
import org.orrery.prior.Prior;

/**
 * A product of one-dimensional priors over a simulator's parameters. Its space carries the
 * simulator's names, units and labels with the bounds of each factor's support.
 */
public final class IndependentPrior implements Prior {

    private final ParameterSpace space;
    private final List<Marginal> marginals;

    public IndependentPrior(ParameterSpace parameters, List<Marginal> marginals) {
        if (marginals.size() != parameters.dimension()) {
            throw new IllegalArgumentException("a prior over " + parameters.names() + " needs " + parameters.dimension()
                    + " factors, got " + marginals.size());
        }
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < marginals.size(); i++) {
            Parameter p = parameters.get(i);
            ps.add(new Parameter(p.name(), p.unit(), p.latex(), marginals.get(i).lower(), marginals.get(i).upper()));
        }
        this.space = new ParameterSpace(ps);
        this.marginals = List.copyOf(marginals);
    }

    @Override
    public ParameterSpace space() {
        return space;
    }

    public List<Marginal> marginals() {
        return marginals;
    }

    @Override
    public double[] sample(UniformRandomProvider rng) {
        double[] t = new double[marginals.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = marginals.get(i).sample(rng);
        }
        return t;
    }

    @Override
    public double logDensity(double[] theta) {
        if (theta == null || theta.length != marginals.size()) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int i = 0; i < theta.length; i++) {
            s += marginals.get(i).logDensity(theta[i]);
        }
        return s;
    }

    /** The prior as {@link PriorText} reads it: one family for all ("normal(0, 1)") or "name: family; …". */
    @Override
    public String describe() {
        boolean same = marginals.stream().allMatch(m -> m.equals(marginals.get(0)));
        if (same) {
            return marginals.get(0).text();
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < marginals.size(); i++) {
            parts.add(space.get(i).name() + ": " + marginals.get(i).text());
        }
        return String.join("; ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
