package dev.vectorgrad.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it in your project" snippets are the consumer test's own pom, word for word: each region of
 * it/consumer/pom.xml between {@code <!-- README: NAME -->} and {@code <!-- /README -->} appears in README.md as
 * the xml block after {@code <!-- snippet: NAME -->}, with the build's version for {@code @project.version@}.
 */
class ReadmeSnippetsTest {

    private static final String README = Poms.readString(Poms.ROOT.resolve("README.md"));
    private static final String CONSUMER_POM = Poms.readString(Poms.ROOT.resolve("it/consumer/pom.xml"));
    private static final String VERSION = Poms.text(Poms.read(Poms.ROOT.resolve("pom.xml")), "version");

    /** The README's snippets by name. */
    private static Map<String, String> readmeSnippets() {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<!-- snippet: ([a-z-]+) -->\\n```xml\\n(.*?)\\n```", Pattern.DOTALL).matcher(README);
        while (m.find()) {
            String previous = out.put(m.group(1), m.group(2));
            assertEquals(null, previous, "README has two snippets named " + m.group(1));
        }
        return out;
    }

    /** The consumer pom's regions by name, dedented, with the version filled in as maven-invoker-plugin does. */
    private static Map<String, String> pomRegions() {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\n[ ]*<!-- README: ([a-z-]+) -->\\n(.*?)\\n[ ]*<!-- /README -->", Pattern.DOTALL)
                .matcher(CONSUMER_POM);
        while (m.find()) {
            List<String> lines = m.group(2).lines().toList();
            int indent = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            String region = String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
            out.put(m.group(1), region.replace("@project.version@", VERSION));
        }
        return out;
    }

    @Test
    void everyReadmeSnippetIsTheConsumerPomsRegion() {
        Map<String, String> readme = readmeSnippets();
        Map<String, String> pom = pomRegions();
        assertFalse(pom.isEmpty(), "it/consumer/pom.xml has no README regions");
        assertEquals(pom.keySet(), readme.keySet(), "snippet names in README.md against regions in it/consumer/pom.xml");
        for (Map.Entry<String, String> e : pom.entrySet()) {
            assertEquals(e.getValue(), readme.get(e.getKey()),
                    "README.md snippet '" + e.getKey() + "' differs from it/consumer/pom.xml");
        }
    }

    @Test
    void theReadmeNamesTheCommandsCiRuns() {
        String ci = Poms.readString(Poms.ROOT.resolve(".ci/run"));
        List<String> mvnLines = ci.lines().filter(l -> l.startsWith("mvn ")).toList();
        assertTrue(mvnLines.size() >= 2, ".ci/run runs the tests and the consumer test: " + mvnLines);
        assertEquals("mvn -B verify", mvnLines.get(0), "the README's test command is the first one .ci/run runs");
        for (String line : mvnLines) {
            assertTrue(README.contains("\n" + line + "\n"), "README.md does not show the command .ci/run runs: " + line);
        }
    }
}
