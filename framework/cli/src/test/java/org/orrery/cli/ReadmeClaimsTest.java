package org.orrery.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.orrery.data.ArraySpec;
import org.orrery.io.ObservationReader;
import org.orrery.workflow.PipelineSpec;
import org.orrery.workflow.PipelineYaml;

/**
 * The README's claims that issue 18 found untrue: the tour read files nobody ships or makes, said
 * {@code orrery run} does "all of the above" though a pipeline runs neither lpt's --fix nor stats,
 * gave another demo duration than {@code demo --help}, and the first build printed stray colour codes.
 */
class ReadmeClaimsTest {

    /** The source checkout's root (tests run in framework/cli). */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("orrery"))) {
            p = p.getParent();
        }
        assertNotNull(p, "the checkout root (with the orrery launcher) above " + Path.of("").toAbsolutePath());
        return p;
    }

    static String readme() throws Exception {
        return Files.readString(root().resolve("README.md"));
    }

    /** The tour's command lines, with the alias line and comments dropped. */
    static List<String> tour() throws Exception {
        String r = readme();
        int start = r.indexOf("## A five-minute tour");
        int open = r.indexOf("```bash\n", start);
        int close = r.indexOf("```", open + 8);
        List<String> lines = new ArrayList<>();
        for (String line : r.substring(open + 8, close).split("\n")) {
            String l = line.replaceFirst("\\s+#.*$", "").strip();
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void everyFileTheTourReadsIsShippedOrWrittenByAnEarlierCommand() throws Exception {
        Set<String> available = new HashSet<>();
        Path examples = root().resolve("examples");
        List<String> lines = tour();
        assertTrue(lines.size() >= 8, "the tour: " + lines);
        Pattern input = Pattern.compile("--(?:observation|bank|posterior|generated|reference|config)\\s+(\\S+)");
        Pattern output = Pattern.compile("--out\\s+(\\S+)");
        Pattern copied = Pattern.compile("cp\\s+(.+?)\\s+(\\S+)/\\s*&&");
        Pattern run = Pattern.compile("^orrery run\\s+(\\S+)");
        int reads = 0;
        for (String line : lines) {
            Matcher c = copied.matcher(line);
            if (c.find()) {
                for (String f : c.group(1).split("\\s+")) {
                    assertTrue(Files.isRegularFile(root().resolve(f)), "the tour copies " + f + ", which must ship");
                    available.add(Path.of(f).getFileName().toString());
                }
                continue;
            }
            Matcher in = input.matcher(line);
            while (in.find()) {
                reads++;
                String f = in.group(1).replaceFirst("[:].*$", "");
                assertTrue(available.contains(f), "'" + line + "' reads " + f + ", which nothing before it ships or writes");
            }
            Matcher r = run.matcher(line);
            if (r.find()) {
                reads++;
                assertTrue(available.contains(r.group(1)), "'" + line + "' runs " + r.group(1) + ", which must ship");
            }
            Matcher out = output.matcher(line);
            while (out.find()) {
                available.add(out.group(1).replaceFirst("/$", ""));
            }
        }
        assertTrue(reads >= 6, "the tour reads its files with these options: " + lines);
        assertTrue(Files.isRegularFile(examples.resolve("obs.csv")) && Files.isRegularFile(examples.resolve("pipeline.yaml")));
    }

    @Test
    void theShippedObservationAndPipelineWorkForTwoMoons() throws Exception {
        Path examples = root().resolve("examples");
        // two_moons' observable: x of 2 values, named data_1, data_2 in a CSV as in sbibm
        var obs = ObservationReader.read(examples.resolve("obs.csv").toString(), new ArraySpec("x", new int[] {2}, "",
                ArraySpec.Kind.VECTOR));
        assertEquals(2, obs.values().length);
        PipelineSpec spec = PipelineYaml.read(examples.resolve("pipeline.yaml"));
        assertEquals("two_moons", spec.simulator());
        assertEquals(List.of(examples.resolve("obs.csv").toAbsolutePath().toString()), spec.observations());
        // the pipeline's out and report stay beside the YAML file, i.e. in the folder the tour copied it into
        assertTrue(spec.out().startsWith(examples.toAbsolutePath()) && spec.report().startsWith(examples.toAbsolutePath()));
    }

    @Test
    void theReadmeSaysWhatOrreryRunDoesAndNoMore() throws Exception {
        String runLine = tour().stream().filter(l -> l.startsWith("orrery run")).findFirst().orElseThrow();
        String r = readme();
        String comment = r.lines().filter(l -> l.startsWith(runLine)).findFirst().orElseThrow();
        assertFalse(comment.contains("all of the above"), "a pipeline runs neither --fix nor stats: " + comment);
        // what a pipeline can do: the keys PipelineYaml takes, none of them a statistic or a pin
        assertFalse(PipelineYaml.KEYS.contains("statistic") || PipelineYaml.KEYS.contains("fix"), PipelineYaml.KEYS.toString());
        assertTrue(r.contains("`stats` (and `--fix`) stay separate"), "the README says so");
    }

    @Test
    void readmeAndDemoHelpGiveTheSameDuration() throws Exception {
        Pattern minutes = Pattern.compile("about (\\d+)\\s*[-–]\\s*(\\d+) minutes");
        Matcher inReadme = minutes.matcher(readme().substring(readme().indexOf("`./orrery demo` runs")));
        assertTrue(inReadme.find(), "the README gives the demo's duration");
        Matcher inHelp = minutes.matcher(MainTest.run("demo", "--help").out().replaceAll("\\s+", " "));
        assertTrue(inHelp.find(), "demo --help gives it too");
        assertEquals(inReadme.group(1) + "-" + inReadme.group(2), inHelp.group(1) + "-" + inHelp.group(2));
    }

    @Test
    void theFirstBuildsMavenPrintsNoColourCodes() throws Exception {
        // the launcher's own Maven call, as it defines it, asked for its version: Maven 3.8 prints ESC[0m here too
        String define = Files.readAllLines(root().resolve("orrery")).stream().filter(l -> l.startsWith("orrery_mvn()"))
                .findFirst().orElseThrow(() -> new AssertionError("the launcher defines orrery_mvn()"));
        Process p = new ProcessBuilder("bash", "-c", define + "\norrery_mvn -q -v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.matches("(?s)\\s*\\d+\\.\\d+.*"), "Maven's version: " + out);
        assertFalse(out.contains("\u001b"), "no escape sequences: " + out.replace("\u001b", "ESC"));
        assertTrue(Files.readString(root().resolve("orrery")).contains("orrery_mvn -q -DskipTests install"),
                "the build uses that call");
    }
}
