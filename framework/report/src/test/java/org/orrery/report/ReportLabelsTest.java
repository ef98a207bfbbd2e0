package org.orrery.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.orrery.report.internal.Labels;

/**
 * Issue 18: "table.tex has raw ids". The demo report, looked at in Chromium, still showed the
 * predictive check as "Ppc 1" with quantities "p-value x1" and "mahalanobis distance2".
 */
class ReportLabelsTest {

    @Test
    void predictiveCheckRowsGetHumanLabels() {
        assertEquals("Posterior predictive, obs. 1", Labels.check("ppc_1"));
        assertEquals("Posterior predictive", Labels.check("ppc"));
        assertEquals("p-value, x_2", Labels.quantity("pvalue_x2"));
        assertEquals("squared Mahalanobis distance", Labels.quantity("mahalanobis_distance2"));
        assertEquals("Mahalanobis p-value", Labels.quantity("mahalanobis_pvalue"));
        assertEquals("KS p-value, theta_1", Labels.quantity("ks_pvalue_theta_1"));
    }
}
