package org.orrery.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The OSGi metadata that bnd wrote into a bundle's build output ({@code target/classes} after
 * {@code process-classes}, which runs before the tests): the manifest's main headers and the
 * Declarative Services component descriptors in {@code OSGI-INF/*.xml}.
 *
 * <pre>{@code
 * BundleMetadata md = BundleMetadata.ofBuildOutput(Path.of("target", "classes"));
 * md.assertImportsOnly("org.orrery.*", "org.apache.commons.rng.*");
 * assertNull(md.header("Export-Package"));
 * assertEquals("my_simulator", md.componentIds().get(MySimulator.class.getName()));
 * }</pre>
 */
public final class BundleMetadata {

    /** One DS component descriptor: its root attributes (name, init, ...) and its properties. */
    public record Component(Path descriptor, String implementation, Map<String, String> attributes,
            Map<String, String> properties) {

        public Component {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }
    }

    private final Path classesDir;
    private final Attributes main;
    private final List<Component> components;

    private BundleMetadata(Path classesDir, Attributes main, List<Component> components) {
        this.classesDir = classesDir;
        this.main = main;
        this.components = List.copyOf(components);
    }

    /**
     * Reads {@code META-INF/MANIFEST.MF} and every {@code OSGI-INF/*.xml} under {@code classesDir}.
     *
     * @throws IllegalArgumentException if there is no manifest (bnd did not run)
     */
    public static BundleMetadata ofBuildOutput(Path classesDir) {
        Path mf = classesDir.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(mf)) {
            throw new IllegalArgumentException("no bundle manifest at " + mf.toAbsolutePath()
                    + " (did bnd-maven-plugin's bnd-process goal run?)");
        }
        try {
            Manifest manifest;
            try (InputStream in = Files.newInputStream(mf)) {
                manifest = new Manifest(in);
            }
            List<Component> components = new ArrayList<>();
            Path osgiInf = classesDir.resolve("OSGI-INF");
            if (Files.isDirectory(osgiInf)) {
                List<Path> xmls;
                try (var files = Files.list(osgiInf)) {
                    xmls = files.filter(p -> p.getFileName().toString().endsWith(".xml") && Files.isRegularFile(p))
                            .sorted().toList();
                }
                DocumentBuilder parser = parser();
                for (Path xml : xmls) {
                    components.add(component(parser, xml));
                }
            }
            return new BundleMetadata(classesDir, manifest.getMainAttributes(), components);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundle metadata under " + classesDir, e);
        }
    }

    /** The main manifest header {@code name}, or null when absent. */
    public String header(String name) {
        return main.getValue(name);
    }

    /** Package names of {@code Import-Package}, in manifest order; empty when the header is absent. */
    public List<String> importedPackages() {
        return List.copyOf(importClauses().keySet());
    }

    /**
     * Each imported package with its whole clause (attributes and directives such as
     * {@code resolution:=optional}), in manifest order.
     */
    public Map<String, String> importClauses() {
        return clausesByPackage(header("Import-Package"));
    }

    /** Package names of {@code Export-Package}, in manifest order; empty when the header is absent. */
    public List<String> exportedPackages() {
        return List.copyOf(clausesByPackage(header("Export-Package")).keySet());
    }

    /** The component descriptors in {@code OSGI-INF}, sorted by file name. */
    public List<Component> components() {
        return components;
    }

    /**
     * Implementation class → {@code orrery.id} of every component descriptor.
     *
     * @throws AssertionError if a descriptor lacks an implementation class or an orrery.id, or two
     *     descriptors name the same class
     */
    public Map<String, String> componentIds() {
        Map<String, String> ids = new TreeMap<>();
        for (Component c : components) {
            String id = c.properties().get("orrery.id");
            if (c.implementation() == null || id == null || id.isEmpty()) {
                fail("component without orrery.id or implementation class: " + c.descriptor());
            }
            if (ids.put(c.implementation(), id) != null) {
                fail("two component descriptors for " + c.implementation() + " under " + classesDir);
            }
        }
        return ids;
    }

    /**
     * Fails, naming the offending import, unless every imported package is allowed: {@code "a.b"}
     * allows exactly that package, {@code "a.b.*"} allows it and its subpackages (bnd's syntax).
     */
    public void assertImportsOnly(String... allowed) {
        Map<String, String> clauses = importClauses();
        for (String pkg : clauses.keySet()) {
            boolean ok = false;
            for (String a : allowed) {
                ok |= a.endsWith(".*")
                        ? pkg.equals(a.substring(0, a.length() - 2)) || pkg.startsWith(a.substring(0, a.length() - 1))
                        : pkg.equals(a);
            }
            if (!ok) {
                fail("unexpected import " + pkg + " (allowed: " + String.join(", ", allowed) + ") in "
                        + header("Import-Package"));
            }
        }
    }

    /**
     * Splits an OSGi header into clauses at commas outside quotes (version ranges hold commas);
     * a clause may name several packages before its attributes ({@code a;b;version=1}).
     */
    static Map<String, String> clausesByPackage(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null) {
            return out;
        }
        for (String clause : splitOutsideQuotes(header, ',')) {
            for (String part : splitOutsideQuotes(clause, ';')) {
                String p = part.trim();
                if (p.contains("=")) {
                    break;  // attributes and directives follow the package names
                }
                if (!p.isEmpty()) {
                    out.put(p, clause.trim());
                }
            }
        }
        return out;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == sep && !quoted) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Component component(DocumentBuilder parser, Path xml) throws IOException {
        Document doc;
        try {
            doc = parser.parse(xml.toFile());
        } catch (SAXException e) {
            throw new IllegalArgumentException("malformed component descriptor " + xml + ": " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        Map<String, String> attributes = new LinkedHashMap<>();
        NamedNodeMap attrs = root.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            if (!attrs.item(i).getNodeName().startsWith("xmlns")) {
                attributes.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList props = root.getElementsByTagNameNS("*", "property");
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            // single values sit in value=, multi-valued (array) properties in the element text
            properties.put(p.getAttribute("name"), p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim());
        }
        NodeList impl = root.getElementsByTagNameNS("*", "implementation");
        String implementation = impl.getLength() == 0 ? null : ((Element) impl.item(0)).getAttribute("class");
        return new Component(xml, implementation == null || implementation.isEmpty() ? null : implementation,
                attributes, properties);
    }
}
