package dev.vectorgrad.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The poms as Maven Central needs them: every module names and describes itself; the parent and the BOM (which
 * has no parent) carry the same url, licence, scm, developers and organisation; the BOM manages exactly the
 * published library modules at the build's version. (The release profile's enforcer rule checks the effective
 * metadata of every module that inherits from the parent.)
 */
class PublishedPomsTest {

    private static final Element PARENT = Poms.read(Poms.ROOT.resolve("pom.xml"));
    private static final Element BOM = Poms.module("bom");

    private static List<String> modules() {
        List<String> out = new ArrayList<>();
        for (Element m : Poms.children(Poms.child(PARENT, "modules"), "module")) {
            out.add(m.getTextContent().trim());
        }
        return out;
    }

    private static boolean published(Element pom) {
        return !"true".equals(Poms.text(pom, "properties", "vectorgrad.publish.skip"));
    }

    @Test
    void everyPomNamesAndDescribesItself() {
        List<String> missing = new ArrayList<>();
        List<String> poms = new ArrayList<>(modules());
        poms.add(0, ".");
        for (String module : poms) {
            Element pom = Poms.module(module);
            for (String field : List.of("name", "description")) {
                String value = Poms.text(pom, field);
                if (value == null || value.isBlank()) {
                    missing.add(module + "/pom.xml has no <" + field + ">");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theParentAndTheBomCarryTheMetadataMavenCentralRequires() {
        String[][] fields = {
            {"url"}, {"licenses", "license", "name"}, {"licenses", "license", "url"}, {"scm", "url"},
            {"scm", "connection"}, {"scm", "developerConnection"}, {"developers", "developer", "name"},
            {"organization", "name"}, {"organization", "url"}};
        for (String[] field : fields) {
            String inParent = Poms.text(PARENT, field);
            assertNotNull(inParent, "pom.xml lacks " + String.join("/", field));
            assertEquals(inParent, Poms.text(BOM, field), "bom/pom.xml differs from pom.xml at " + String.join("/", field));
        }
        assertEquals("Apache-2.0", Poms.text(PARENT, "licenses", "license", "name"));
        assertEquals(1, Poms.children(Poms.child(PARENT, "licenses"), "license").size());
    }

    @Test
    void theBomManagesExactlyThePublishedLibraryModulesAtTheBuildVersion() {
        assertNull(Poms.child(BOM, "parent"), "the BOM must not inherit the build's own dependencyManagement");
        assertEquals("vectorgrad-bom", Poms.text(BOM, "artifactId"));
        assertEquals(Poms.text(PARENT, "groupId"), Poms.text(BOM, "groupId"));
        assertEquals(Poms.text(PARENT, "version"), Poms.text(BOM, "version"));
        assertEquals("pom", Poms.text(BOM, "packaging"));

        Set<String> library = new LinkedHashSet<>();
        for (String module : modules()) {
            Element pom = Poms.module(module);
            if (!module.equals("bom") && published(pom)) {
                library.add(Poms.text(pom, "artifactId"));
            }
        }
        assertEquals(Set.of("vectorgrad-simd-kernels", "vectorgrad-autograd", "vectorgrad-formats", "vectorgrad-nn",
                "vectorgrad-cells", "vectorgrad-models", "vectorgrad-interop", "vectorgrad-streams", "vectorgrad-spark"), library, "the published library modules");

        Set<String> managed = new LinkedHashSet<>();
        for (Element d : Poms.children(Poms.child(BOM, "dependencyManagement", "dependencies"), "dependency")) {
            assertEquals("dev.vectorgrad", Poms.text(d, "groupId"));
            assertEquals("${project.version}", Poms.text(d, "version"), Poms.text(d, "artifactId"));
            assertNull(Poms.text(d, "scope"), "the BOM sets no scope: " + Poms.text(d, "artifactId"));
            assertTrue(managed.add(Poms.text(d, "artifactId")), "managed twice: " + Poms.text(d, "artifactId"));
        }
        assertEquals(library, managed, "the BOM's list against the published modules");
    }

    @Test
    void theModulesThatAreNotLibrariesAreNotPublished() {
        for (String module : List.of("property-tests", "architecture", "bench", "examples", "it")) {
            assertFalse(published(Poms.module(module)), module + " must set vectorgrad.publish.skip");
        }
    }
}
