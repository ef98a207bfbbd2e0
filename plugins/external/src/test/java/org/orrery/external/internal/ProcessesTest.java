package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a program gets: the distribution's python/ is importable, after the user's own path. */
class ProcessesTest {

    private static Map<String, String> environment(String home, String inherited, String manifestPath) throws Exception {
        String old = System.getProperty("orrery.home");
        try {
            if (home == null) {
                System.clearProperty("orrery.home");
            } else {
                System.setProperty("orrery.home", home);
            }
            String extra = manifestPath == null ? "" : "environment: {PYTHONPATH: '" + manifestPath + "'}\n";
            String text = Fixtures.manifest("envtest", "worker", "[/bin/true]", "1", "").replaceAll("environment: .*\n", "") + extra;
            Manifest m = ManifestReader.parse(Path.of("/sims/envtest.simulator.yaml"), text);
            Map<String, String> env = new HashMap<>();
            if (inherited != null) {
                env.put("PYTHONPATH", inherited);
            }
            Processes.environment(env, m);
            return env;
        } finally {
            if (old == null) {
                System.clearProperty("orrery.home");
            } else {
                System.setProperty("orrery.home", old);
            }
        }
    }

    @Test
    void distributionPythonFolderIsAppendedToWhateverPathIsSet() throws Exception {
        assertEquals("/opt/orrery/python", environment("/opt/orrery", null, null).get("PYTHONPATH"));
        assertEquals("/home/me/lib:/opt/orrery/python", environment("/opt/orrery", "/home/me/lib", null).get("PYTHONPATH"));
        assertEquals("/sims/lib:/opt/orrery/python", environment("/opt/orrery", "/home/me/lib", "/sims/lib").get("PYTHONPATH"));
        assertEquals(null, environment(null, null, null).get("PYTHONPATH"));
        Map<String, String> env = environment(null, null, null);
        assertEquals("envtest", env.get("ORRERY_SIMULATOR_ID"));
        assertEquals("/sims", env.get("ORRERY_MANIFEST_DIR"));
    }
}
