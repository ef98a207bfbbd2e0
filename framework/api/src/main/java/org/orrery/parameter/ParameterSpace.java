package org.orrery.parameter;

import java.util.HashSet;
import java.util.List;

/** The ordered parameters θ of a simulator; the order is the column order of every θ array. */
public record ParameterSpace(List<Parameter> parameters) {

    public ParameterSpace {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("a parameter space needs at least one parameter, got: " + parameters);
        }
        parameters = List.copyOf(parameters);
        var seen = new HashSet<String>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("duplicate parameter name: " + p.name());
            }
        }
    }

    public static ParameterSpace of(Parameter... parameters) {
        return new ParameterSpace(List.of(parameters));
    }

    public int dimension() {
        return parameters.size();
    }

    public List<String> names() {
        return parameters.stream().map(Parameter::name).toList();
    }

    public Parameter get(int i) {
        return parameters.get(i);
    }

    /** True when θ has the right length and every component lies within its bounds. */
    public boolean contains(double[] theta) {
        if (theta == null || theta.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < theta.length; i++) {
            if (!parameters.get(i).contains(theta[i])) {
                return false;
            }
        }
        return true;
    }
}
