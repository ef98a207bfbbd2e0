package org.orrery.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bank several times larger than the heap: a campaign of 1200 float32 32³ fields (≈ 157 MB) in a
 * JVM with -Xmx48m, then a shuffled and an in-order pass over every row through the bank view,
 * rows checked against the per-index step. Before banks streamed, the campaign kept every chunk in
 * memory and the reader loaded the whole bank: both ran out of heap here.
 */
class StreamingBankTest {

    @TempDir
    Path dir;

    @Test
    void aBankThreeTimesTheHeapIsWrittenAndReadRowByRow() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx48m", "-XX:MaxDirectMemorySize=48m", "-cp", cp,
                StreamingBankMain.class.getName(), dir.toString(), "32", "1200", "2")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("streaming campaign failed:\n" + out);
        }
        System.out.print(out);
        assertEquals("ok", out.strip().lines().reduce((a, b) -> b).orElse(""), out);
        Map<String, String> f = out.lines().flatMap(l -> java.util.Arrays.stream(l.split(" ")))
                .filter(t -> t.contains("=")).collect(Collectors.toMap(t -> t.split("=")[0], t -> t.split("=")[1]));
        long bank = Long.parseLong(f.get("bank_bytes"));
        long heap = Long.parseLong(f.get("max_heap_bytes"));
        assertEquals("1200", f.get("ok"), out);
        assertEquals("1200", f.get("rows"), out);
        assertEquals("13", f.get("checked"), out); // rows 0, 97, …, 1164
        assertTrue(bank > 1200L * 32 * 32 * 32 * 4, "float32 rows: " + bank);
        assertTrue(bank > 3 * heap, "the bank (" + bank + " bytes) must be several times the heap (" + heap + ")");
        // the cells are θ₁·N(0, 1) + θ₂ with θ ~ U(-1, 1)²: the mean over all cells is near 0
        assertTrue(Math.abs(Double.parseDouble(f.get("mean"))) < 0.1, out);
    }
}
