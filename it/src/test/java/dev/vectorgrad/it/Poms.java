package dev.vectorgrad.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads the repository's poms as written (not Maven's effective model), for the checks of this module. */
final class Poms {

    /** The repository root: the tests run in it/. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Poms() {
    }

    static Element read(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            return document.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    static Element module(String module) {
        return read(ROOT.resolve(module).resolve("pom.xml"));
    }

    /** The element at a path of direct children, or null. */
    static Element child(Element parent, String... path) {
        Element current = parent;
        for (String name : path) {
            Element found = null;
            for (Node n = current == null ? null : current.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    found = e;
                    break;
                }
            }
            current = found;
        }
        return current;
    }

    /** The trimmed text at a path of direct children, or null. */
    static String text(Element parent, String... path) {
        Element e = child(parent, path);
        return e == null ? null : e.getTextContent().trim();
    }

    /** The direct children with a name. */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent == null ? null : parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
