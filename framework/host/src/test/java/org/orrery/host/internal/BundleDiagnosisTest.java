package org.orrery.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reason texts shown by {@code orrery plugins}, from messages in Felix 7's exact format. */
class BundleDiagnosisTest {

    @Test
    void missingPackageWithVersionRange() {
        String felix = "Unable to resolve org.x [5](R 5.0): missing requirement [org.x [5](R 5.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=org.apache.commons.rng)(version>=2.0.0)(!(version>=3.0.0))) "
                + "Unresolved requirements: [[org.x [5](R 5.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=org.apache.commons.rng)(version>=2.0.0)(!(version>=3.0.0)))]";
        assertEquals("missing requirement: package org.apache.commons.rng version [2.0.0,3.0.0)",
                BundleDiagnosis.missingRequirement(felix));
    }

    @Test
    void missingPackageWithoutVersion() {
        String felix = "Unable to resolve org.x [5](R 5.0): missing requirement [org.x [5](R 5.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=com.nowhere) Unresolved requirements: [[org.x [5](R 5.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=com.nowhere)]";
        assertEquals("missing requirement: package com.nowhere", BundleDiagnosis.missingRequirement(felix));
    }

    @Test
    void missingExecutionEnvironmentKeepsFelixWords() {
        String felix = "Unable to resolve org.x [5](R 5.0): missing requirement [org.x [5](R 5.0)] osgi.ee; "
                + "(&(osgi.ee=JavaSE)(version=99)) Unresolved requirements: [[org.x [5](R 5.0)] osgi.ee; (&(osgi.ee=JavaSE)(version=99))]";
        assertEquals("missing requirement: osgi.ee; (&(osgi.ee=JavaSE)(version=99))", BundleDiagnosis.missingRequirement(felix));
    }

    @Test
    void activationCauseIsTheDeepestCausedBy() {
        String trace = "org.osgi.service.component.ComponentException: activate failed\n\tat a.b(C.java:1)\n"
                + "Caused by: java.lang.reflect.InvocationTargetException\n\tat x\n"
                + "Caused by: java.lang.IllegalStateException: no GPU\n\tat y";
        assertEquals("java.lang.IllegalStateException: no GPU", BundleDiagnosis.activationCause(trace));
        assertEquals("java.lang.IllegalStateException: boom", BundleDiagnosis.activationCause("java.lang.IllegalStateException: boom\n\tat z"));
    }
}
