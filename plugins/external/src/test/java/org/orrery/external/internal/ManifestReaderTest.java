package org.orrery.external.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orrery.data.ArraySpec;
import org.orrery.prior.Prior;

class ManifestReaderTest {

    private static final Path FILE = Path.of("/plugins/my.simulator.yaml");

    static final String GOOD = """
            id: my_sim
            version: 1.0.0
            name: My simulator
            parameters:
              - name: omega_m
                unit: ""
                latex: '\\Omega_m'
                prior: uniform(0.1, 0.5)
              - name: sigma
                prior: normal(0, 2)
              - name: mass
                unit: Msun
                prior: loguniform(1e10, 1e14)
            outputs:
              - name: x
                shape: [8]
              - name: field
                shape: [4, 4]
                kind: image
                unit: K
            command: [/usr/bin/python3, sim.py]
            environment: {OMP_NUM_THREADS: 1}
            timeout: 500ms
            mode: per-call
            """;

    @Test
    void readsEveryField() throws Exception {
        Manifest m = ManifestReader.parse(FILE, GOOD);
        assertEquals("my_sim", m.id());
        assertEquals("1.0.0", m.version());
        assertEquals("My simulator", m.name());
        assertEquals(List.of("omega_m", "sigma", "mass"), m.parameters().stream().map(p -> p.name()).toList());
        assertEquals("\\Omega_m", m.parameters().get(0).latex());
        assertEquals("Msun", m.parameters().get(2).unit());
        assertEquals(0.1, m.parameters().get(0).lower());
        assertEquals(Double.POSITIVE_INFINITY, m.parameters().get(1).upper());
        assertEquals(new ArraySpec("field", new int[] {4, 4}, "K", ArraySpec.Kind.IMAGE), m.outputs().get(1));
        assertEquals(List.of("/usr/bin/python3", "sim.py"), m.command());
        assertEquals("1", m.environment().get("OMP_NUM_THREADS"));
        assertEquals(Duration.ofMillis(500), m.timeout());
        assertEquals(Manifest.Mode.PER_CALL, m.mode());
    }

    @Test
    void priorSamplesInItsSupportAndMatchesItsDensity() throws Exception {
        Manifest m = ManifestReader.parse(FILE, GOOD);
        Prior prior = new ManifestPrior(new org.orrery.parameter.ParameterSpace(m.parameters()), m.priors());
        var rng = RandomSource.XO_SHI_RO_256_PP.create(3L);
        double sum = 0;
        double sumSq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double[] t = prior.sample(rng);
            assertTrue(prior.inSupport(t));
            sum += t[1];
            sumSq += t[1] * t[1];
        }
        assertEquals(0, sum / n, 0.05);                 // normal(0, 2): mean 0 ± 4 σ/√n
        assertEquals(4, sumSq / n, 0.15);               // variance 4
        // log density: uniform 1/0.4, normal N(0|0,2), loguniform 1/(m ln(1e4))
        double[] t = {0.2, 0.0, 1e12};
        double expected = -Math.log(0.4) - Math.log(2 * Math.sqrt(2 * Math.PI)) - Math.log(1e12 * Math.log(1e4));
        assertEquals(expected, prior.logDensity(t), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, prior.logDensity(new double[] {0.6, 0, 1e12}));
        assertEquals("uniform(0.1, 0.5) × normal(0, 2) × loguniform(1.0E10, 1.0E14)", prior.describe());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "prior: uniform(0.1, 0.5)|prior: gauss(0, 1)|my.simulator.yaml:8: parameters[0].prior: unknown prior family 'gauss'",
        "prior: uniform(0.1, 0.5)|prior: uniform(0.5, 0.1)|my.simulator.yaml:8: parameters[0].prior: uniform(a, b) needs a < b",
        "prior: normal(0, 2)|prior: normal(0, -2)|my.simulator.yaml:10: parameters[1].prior: normal(mu, sigma) needs sigma > 0",
        "shape: [8]|shape: [8, x]|my.simulator.yaml:16: outputs[0].shape: extent is not an integer: x",
        "shape: [8]|shape: [0]|my.simulator.yaml:16: outputs[0].shape: extents must be positive",
        "kind: image|kind: picture|my.simulator.yaml:19: outputs[1].kind: unknown kind 'picture'",
        "timeout: 500ms|timeout: soon|my.simulator.yaml:23: timeout: expected seconds",
        "mode: per-call|mode: batch|my.simulator.yaml:24: mode: unknown mode 'batch'; use worker or per-call",
        "id: my_sim|id: my-sim|my.simulator.yaml:1: id: must be an identifier",
        "version: 1.0.0|versoin: 1.0.0|my.simulator.yaml:2: versoin: unknown key 'versoin' (did you mean 'version'?)",
        "  - name: sigma|  - name: omega_m|my.simulator.yaml:9: parameters[1].name: duplicate parameter name: omega_m",
        "    unit: Msun|    units: Msun|my.simulator.yaml:12: parameters[2].units: unknown key 'units' (did you mean 'unit'?)",
        "command: [/usr/bin/python3, sim.py]|command: []|my.simulator.yaml:21: command: is empty",
        "name: My simulator|name: [a, b]|my.simulator.yaml:3: name: must be a single value",
        "command: [/usr/bin/python3, sim.py]|command: {a: b}|my.simulator.yaml:21: command: must be a list of words",
        "version: 1.0.0|version: 1.0.0\\nversion: 2|my.simulator.yaml:3: version: duplicate key (first on line 2)",
    })
    void aBadFieldIsReportedByNameAndLine(String from, String to, String message) {
        String text = GOOD.replace(from, to.replace("\\n", "\n"));
        assertTrue(!text.equals(GOOD), "the replacement must change the manifest: " + from);
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(FILE, text));
        assertTrue(e.getMessage().startsWith(message), "got: " + e.getMessage());
    }

    @Test
    void missingFieldsAndOversizedManifestsAreRefused() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> ManifestReader.parse(FILE, GOOD.replace("mode: per-call\n", "")));
        assertEquals("my.simulator.yaml:1: mode: is required", e.getMessage());
        String huge = GOOD + "#" + "x".repeat(ManifestReader.MAX_BYTES) + "\n";
        e = assertThrows(ManifestException.class, () -> ManifestReader.parse(FILE, huge));
        assertTrue(e.getMessage().contains("a manifest may hold at most 65536"), e.getMessage());
        e = assertThrows(ManifestException.class, () -> ManifestReader.parse(FILE, ""));
        assertTrue(e.getMessage().contains("empty manifest"), e.getMessage());
        e = assertThrows(ManifestException.class, () -> ManifestReader.parse(FILE, "id: [unclosed\n"));
        assertTrue(e.getMessage().startsWith("my.simulator.yaml:2: not valid YAML"), e.getMessage());
    }

    @Test
    void aWorkerCommandCannotUsePerCallPlaceholders() {
        String text = GOOD.replace("mode: per-call", "mode: worker")
                .replace("[/usr/bin/python3, sim.py]", "[/usr/bin/python3, sim.py, '{theta}']");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.parse(FILE, text));
        assertTrue(e.getMessage().startsWith("my.simulator.yaml:21: command: {theta} is a per-call placeholder"), e.getMessage());
    }

    @Test
    void relativeProgramsResolveAgainstTheManifestFolder() throws Exception {
        Manifest m = ManifestReader.parse(FILE, GOOD.replace("[/usr/bin/python3, sim.py]", "[./bin/sim, --fast]"));
        assertEquals(List.of("/plugins/bin/sim", "--fast"), m.command());
        m = ManifestReader.parse(FILE, GOOD.replace("[/usr/bin/python3, sim.py]", "python3 sim.py  --fast"));
        assertEquals(List.of("python3", "sim.py", "--fast"), m.command());
    }

    @Test
    void jsonReadsWhatPythonWrites() {
        Object v = Json.parse("{\"x\": [[1, 2.5e-3], [NaN, -Infinity]], \"s\": \"a\\\"b\\u00e9\", \"t\": true, \"n\": null}");
        var flat = new java.util.ArrayList<Double>();
        List<Integer> shape = Json.flatten(((java.util.Map<?, ?>) v).get("x"), flat, 0);
        assertEquals(List.of(2, 2), shape);
        assertEquals(0.0025, flat.get(1));
        assertTrue(Double.isNaN(flat.get(2)));
        assertEquals("a\"bé", ((java.util.Map<?, ?>) v).get("s"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"x\": [1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.flatten(Json.parse("[[1, 2], [3]]"), flat, 0));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void npyReadsFloat64Float32AndIntegersAndRefusesBadFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertArrayEquals(new double[] {1.5, -2}, Npy.read(npy(dir, "<f8", "(2,)", new double[] {1.5, -2}), 10).data());
        Npy.Array a = Npy.read(npy(dir, "<f4", "(2, 1)", new double[] {0.25, 3}), 10);
        assertArrayEquals(new int[] {2, 1}, a.shape());
        assertArrayEquals(new double[] {0.25, 3}, a.data());
        assertArrayEquals(new double[] {7, -1}, Npy.read(npy(dir, "<i8", "(2,)", new double[] {7, -1}), 10).data());
        var ex = assertThrows(java.io.IOException.class, () -> Npy.read(npy(dir, "<f8", "(20,)", new double[20]), 10));
        assertTrue(ex.getMessage().contains("more than the 10 values"), ex.getMessage());
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.npy"), "this is not numpy");
        ex = assertThrows(java.io.IOException.class, () -> Npy.read(bad, 10));
        assertTrue(ex.getMessage().contains("not a .npy file"), ex.getMessage());
    }

    /** A .npy written by hand, exactly as numpy's format 1.0 lays it out. */
    private static Path npy(Path dir, String descr, String shape, double[] v) throws Exception {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        int width = descr.endsWith("8") ? 8 : 4;
        var b = java.nio.ByteBuffer.allocate(10 + header.length() + width * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (double d : v) {
            if (descr.equals("<f8")) {
                b.putDouble(d);
            } else if (descr.equals("<f4")) {
                b.putFloat((float) d);
            } else {
                b.putLong((long) d);
            }
        }
        Path p = dir.resolve("a" + System.nanoTime() + ".npy");
        java.nio.file.Files.write(p, b.array());
        return p;
    }
}
