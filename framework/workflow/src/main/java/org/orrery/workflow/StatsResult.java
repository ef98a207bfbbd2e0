package org.orrery.workflow;

import java.nio.file.Path;

/**
 * A statistics comparison, written.
 *
 * @param report  the report folder
 * @param agree   true when every series agrees within the threshold
 * @param verdict one line: which series agree or differ, χ²/dof, and where the report is
 */
public record StatsResult(Path report, boolean agree, String verdict) {
}
