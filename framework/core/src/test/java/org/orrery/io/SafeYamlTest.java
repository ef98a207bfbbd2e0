package org.orrery.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeYamlTest {

    @TempDir
    Path dir;

    @Test
    void plainSettingsReadAsMapsListsAndScalars() throws Exception {
        Path y = dir.resolve("p.yaml");
        Files.writeString(y, "simulator: two_moons\nsimulations: 1000\nchecks: [sbc, tarp]\nprior:\n  theta_1: normal(0, 1)\n");
        Map<String, Object> m = SafeYaml.readMapping(y);
        assertEquals("two_moons", m.get("simulator"));
        assertEquals(1000, m.get("simulations"));
        assertEquals(List.of("sbc", "tarp"), m.get("checks"));
        assertEquals(Map.of("theta_1", "normal(0, 1)"), m.get("prior"));
        assertEquals(Map.of("a", 1), SafeYaml.mapper().readValue("a: 1", Map.class));
    }

    @Test
    void javaTagsDuplicateKeysAndBadSyntaxAreOneLineErrorsWithTheLine() throws Exception {
        Path y = dir.resolve("bad.yaml");
        Files.writeString(y, "a: 1\nb: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        var e = assertThrows(BadInputException.class, () -> SafeYaml.load(y));
        assertTrue(e.getMessage().startsWith(y + ":2: not valid YAML"), e.getMessage());
        Files.writeString(y, "a: 1\na: 2\n");
        e = assertThrows(BadInputException.class, () -> SafeYaml.load(y));
        assertTrue(e.getMessage().startsWith(y + ":2: not valid YAML"), e.getMessage());
        Files.writeString(y, "a: [1, 2\n");
        e = assertThrows(BadInputException.class, () -> SafeYaml.load(y));
        assertTrue(e.getMessage().startsWith(y + ":"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("Exception"), e.getMessage());
        Files.writeString(y, "- just\n- a list\n");
        e = assertThrows(BadInputException.class, () -> SafeYaml.readMapping(y));
        assertEquals(y + ": expected a mapping of settings (key: value), found a list", e.getMessage());
        e = assertThrows(BadInputException.class, () -> SafeYaml.load(dir.resolve("absent.yaml")));
        assertEquals("no such file: " + dir.resolve("absent.yaml"), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        Path y = dir.resolve("deep.yaml");
        Files.writeString(y, "[".repeat(200) + "]".repeat(200));
        var e = assertThrows(BadInputException.class, () -> SafeYaml.load(y));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }
}
