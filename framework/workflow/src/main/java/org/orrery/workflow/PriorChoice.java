package org.orrery.workflow;

import java.util.List;
import java.util.Locale;
import org.orrery.host.OrreryHost;
import org.orrery.host.PluginHandle;
import org.orrery.parameter.ParameterSpace;
import org.orrery.plugin.PluginKind;
import org.orrery.prior.Prior;
import org.orrery.priors.PriorText;

/**
 * The prior a campaign draws from when the user replaces the simulator's own: text such as
 * {@code normal(0, 1)} or {@code "a: uniform(0, 1); b: lognormal(0, 0.5)"} (the standard families of
 * {@link PriorText}, no Java needed), or the id of an installed prior plugin. Text is told from an
 * id by its parentheses. {@link Prior#describe()} of the result is what the bank records.
 */
final class PriorChoice implements AutoCloseable {

    private final Prior prior;
    private final PluginHandle<Prior> handle;

    private PriorChoice(Prior prior, PluginHandle<Prior> handle) {
        this.prior = prior;
        this.handle = handle;
    }

    /** True when {@code spec} is prior text rather than a plugin id. */
    static boolean isText(String spec) {
        return spec.contains("(");
    }

    /** Parses or acquires {@code spec} for a simulator over {@code parameters}; one-line errors name the input {@code prior}. */
    static PriorChoice of(String spec, ParameterSpace parameters, Workflow w) {
        if (isText(spec)) {
            try {
                return new PriorChoice(PriorText.parse(spec, parameters), null);
            } catch (IllegalArgumentException e) {
                throw new RefusedValueException("prior", ": " + e.getMessage(), e);
            }
        }
        OrreryHost host = w.host();
        if (host.registry().find(PluginKind.PRIOR, spec).isEmpty()) {
            List<String> ids = host.registry().plugins().stream().filter(p -> p.kind() == PluginKind.PRIOR)
                    .map(p -> p.id()).toList();
            throw new RefusedValueException("prior", ": '" + spec + "' is neither prior text nor an installed prior plugin"
                    + (ids.isEmpty() ? "" : " (installed: " + String.join(", ", ids) + ")") + "; give it as text, e.g. "
                    + example(parameters) + ", with families " + PriorText.FAMILIES, null);
        }
        PluginHandle<Prior> h = w.acquire(PluginKind.PRIOR, spec, Prior.class, "prior");
        return new PriorChoice(h.get(), h);
    }

    /** An example in the parameters' own names, e.g. {@code "theta_1: normal(0, 1); theta_2: normal(0, 1)"}. */
    static String example(ParameterSpace parameters) {
        if (parameters.dimension() == 1) {
            return "'normal(0, 1)'";
        }
        var b = new StringBuilder("'");
        for (int i = 0; i < Math.min(2, parameters.dimension()); i++) {
            var p = parameters.get(i);
            b.append(i > 0 ? "; " : "").append(p.name()).append(": uniform(")
                    .append(String.format(Locale.ROOT, "%.3g, %.3g", p.lower(), p.upper())).append(')');
        }
        return b.append(parameters.dimension() > 2 ? "; …'" : "'").toString();
    }

    Prior prior() {
        return prior;
    }

    @Override
    public void close() {
        if (handle != null) {
            handle.close();
        }
    }
}
