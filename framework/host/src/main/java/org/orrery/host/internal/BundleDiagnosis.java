package org.orrery.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** One-line reasons why an installed drop-in bundle provides no working plugin. */
final class BundleDiagnosis {

    private static final Pattern NAMESPACE_VALUE = Pattern.compile("\\(osgi\\.wiring\\.(package|bundle|host)=([^)]+)\\)");
    private static final Pattern LOWER = Pattern.compile("\\((?:bundle-)?version>=([^)]+)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\((?:bundle-)?version>=([^)]+)\\)\\)");

    private BundleDiagnosis() {
    }

    static List<String> problemsOf(Bundle b, ServiceComponentRuntime scr) {
        List<String> out = new ArrayList<>();
        boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        switch (b.getState()) {
            case Bundle.INSTALLED -> out.add(fragment ? "fragment has no host to attach to" : resolutionFailure(b));
            case Bundle.RESOLVED -> {
                if (!fragment) {
                    out.add(startFailure(b));
                }
            }
            case Bundle.ACTIVE -> {
                if (scr != null) {
                    componentProblems(b, scr, out);
                }
            }
            default -> {
                // starting or stopping: a transient state, not a problem
            }
        }
        out.removeIf(r -> r == null);
        return out;
    }

    /** Asks the resolver again (FileInstall already tried): the exception carries Felix's reason. */
    private static String resolutionFailure(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            return null; // resolvable now that other bundles arrived
        } catch (BundleException e) {
            return missingRequirement(e.getMessage());
        } catch (IllegalStateException e) {
            return null; // uninstalled meanwhile
        }
    }

    private static String startFailure(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            return null;
        } catch (BundleException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot start: " + firstLine(cause.toString());
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * Felix says e.g. {@code Unable to resolve x [12](R 12.0): missing requirement [x [12](R 12.0)]
     * osgi.wiring.package; (&(osgi.wiring.package=com.nowhere)(version>=1.0.0)) Unresolved requirements: ...};
     * this keeps {@code missing requirement: package com.nowhere [1.0.0,∞)}.
     */
    static String missingRequirement(String felixMessage) {
        if (felixMessage == null) {
            return "cannot resolve";
        }
        int at = felixMessage.indexOf("missing requirement [");
        if (at < 0) {
            return "cannot resolve: " + firstLine(felixMessage);
        }
        String rest = felixMessage.substring(at);
        int end = rest.indexOf(" Unresolved requirements:");
        int caused = rest.indexOf(" [caused by:");
        if (caused >= 0 && (end < 0 || caused < end)) {
            end = caused;
        }
        String requirement = end >= 0 ? rest.substring(0, end) : rest;
        Matcher nv = NAMESPACE_VALUE.matcher(requirement);
        if (nv.find()) {
            StringBuilder sb = new StringBuilder("missing requirement: ").append(nv.group(1)).append(' ').append(nv.group(2));
            Matcher lo = LOWER.matcher(requirement);
            Matcher hi = UPPER.matcher(requirement);
            boolean hasLo = lo.find();
            boolean hasHi = hi.find();
            if (hasLo && !"0.0.0".equals(lo.group(1)) || hasHi) {
                sb.append(" version [").append(hasLo ? lo.group(1) : "0.0.0").append(',')
                        .append(hasHi ? hi.group(1) : "∞").append(')');
            }
            if (caused >= 0) {
                sb.append(" (its provider cannot resolve either)");
            }
            return sb.toString();
        }
        int bracket = requirement.indexOf("] ");
        return "missing requirement: " + firstLine(bracket >= 0 ? requirement.substring(bracket + 2) : requirement);
    }

    private static void componentProblems(Bundle b, ServiceComponentRuntime scr, List<String> out) {
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(d)) {
                continue; // disabled on purpose, not a failure
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                switch (c.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION ->
                            out.add("component " + d.name + " failed to activate: " + activationCause(c.failure));
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                        List<String> refs = new ArrayList<>();
                        for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                            refs.add(r.name + " (" + r.target + ")");
                        }
                        out.add("component " + d.name + " is missing its reference " + String.join(", ", refs));
                    }
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                            out.add("component " + d.name + " waits for configuration " + String.join(", ", d.configurationPid));
                    default -> {
                        // satisfied or active
                    }
                }
            }
        }
    }

    /**
     * SCR stores the stack trace; the useful line is the deepest "Caused by" (the plugin's own
     * exception), or the first line when there is no cause.
     */
    static String activationCause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "unknown error";
        }
        String best = firstLine(failure);
        for (String line : failure.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("Caused by: ")) {
                best = l.substring("Caused by: ".length());
            }
        }
        return best;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String[] lines = s.strip().split("\\R", 2);
        return lines[0].strip();
    }
}
