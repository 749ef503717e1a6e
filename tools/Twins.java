import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the double twin of every float source file listed in {@link #SOURCES}: the float file is
 * the one that is edited, the double file is generated from it and checked in.
 *
 * <pre>
 *   java tools/Twins.java           regenerate every twin (from the repository root)
 *   java tools/Twins.java --check   regenerate into target/twins and fail, naming each file, where a
 *                                   checked-in twin differs (run by mvn verify, at validate)
 * </pre>
 *
 * <p>The conversion reads Java tokens. In code, comments and strings, words are renamed:
 * {@code float -> double} and {@code Float -> Double} as a word or a part of a camel-case name
 * ({@code FloatVector}, {@code PackedFloatMatrix}, {@code reinterpretAsFloats}, but not
 * {@code Floating}), {@code F32 -> F64} and {@code f32 -> f64} inside names, and
 * {@code IntVector}, {@code reinterpretAsInts}, {@code floatToIntBits}, {@code FLOAT} to their
 * long/double names; the name of a twin written in its float source ({@code DoubleKernels} in
 * {@code FloatKernels}) becomes the float name, so a cross-reference still points across. In code
 * only, float literals become double literals ({@code 1f -> 1.0}, {@code 0.5f -> 0.5}) and a
 * {@code (float)} cast is dropped (in the float source it narrows a double).
 *
 * <p>Where the double file differs on purpose (constants, polynomials, error bounds), the float
 * source marks it, in the manner of EJML's generator:
 * <pre>
 *   //#double [name]      a region: the lines up to //#float give the double text, each as
 *   //= text              "//= text", written at the indentation of the //= line, not converted;
 *   //#float              the float lines up to //#end are left out of the double twin
 *   //#end
 *   /&#42;double:TEXT&#42;/TOKEN  in code: the twin has TEXT in place of the token right after it
 * </pre>
 * A named region with no double text repeats the double text of the first region of that name,
 * and its float lines must equal that region's: one snippet written out in several kernels.
 *
 * <p>It also writes the segment twins of {@link #SEGMENT_TEMPLATES}: a template whose {@code //@body} lines take a
 * float source's method bodies with one matrix read from a {@code MemorySegment} (the JDK 22 aligned GEMV matrix).
 *
 * <p>Every twin starts with a line saying it is generated; a file with that line that no source
 * produces any more is deleted (or, with --check, reported), so no stale twin survives.
 */
public class Twins {

    /** The float sources, from the repository root; each twin is the same path with Float/F32 renamed. */
    static final List<String> SOURCES = List.of(
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/FloatKernels.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/PackedFloatMatrix.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/scalar/ScalarFloatKernels.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/vector/VectorFloatKernels.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/vector/FloatGemm.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/vector/FloatGemv.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/vector/FloatConv.java",
            "simd-kernels/src/main/java/dev/vectorgrad/kernels/vector/FloatPool.java",
            "simd-kernels/src/test/java/dev/vectorgrad/kernels/FloatKernelsTest.java",
            "simd-kernels/src/test/java/dev/vectorgrad/kernels/FloatConvolutionTest.java",
            "simd-kernels/src/test/java/dev/vectorgrad/kernels/FloatConvolutionArgumentsTest.java",
            "simd-kernels/src/test/java/dev/vectorgrad/kernels/FloatConvolutionRoutesTest.java",
            "autograd/src/main/java/dev/vectorgrad/autograd/internal/F32Compute.java");

    /**
     * Segment twins: templates whose {@code //@body Source.method VARIABLE} lines become the body of that method of
     * the float source (the template's class beside it under src/main/java), with the matrix VARIABLE read from a
     * {@code MemorySegment} instead of a {@code float[]} ({@link #segmentBody}). Each twin is its template's path
     * without ".in"; today one: the JDK 22 aligned GEMV matrix, with FloatGemv's four-row loop and dot product.
     */
    static final List<String> SEGMENT_TEMPLATES = List.of(
            "simd-kernels/src/main/java22/dev/vectorgrad/kernels/vector/AlignedRows.java.in");

    static final String TOOL = "tools/Twins.java";
    static final String HEADER_START = "// Generated from ";
    static final String HEADER_TOOL = " by " + TOOL + ": do not edit";

    /** Whole words renamed as they are; other words get the substring renames of {@link #rename}. */
    static final Map<String, String> WORDS = Map.of(
            "float", "double",
            "floats", "doubles",
            "FLOAT", "DOUBLE",
            "floatToIntBits", "doubleToLongBits",
            "floatToRawIntBits", "doubleToRawLongBits",
            "intBitsToFloat", "longBitsToDouble",
            "IntVector", "LongVector",
            "reinterpretAsInts", "reinterpretAsLongs");

    /**
     * The twins' class names, each to its float source's: a cross-reference keeps pointing across.
     * Filled at the end of this class, once the patterns it needs are initialised.
     */
    static final Map<String, String> SWAPS = new HashMap<>();

    /** Verbatim text (double text and token escapes) travels between these through the converter. */
    static final char KEEP = '\uE000';
    static final char END_KEEP = '\uE001';

    static final Pattern MARKER = Pattern.compile("^(\\s*)//#(double|float|end)\\b\\s*(.*?)\\s*$");
    static final Pattern DOUBLE_LINE = Pattern.compile("^(\\s*)//=(?: (.*))?$");

    public static void main(String[] args) throws IOException {
        boolean check = args.length > 0 && args[0].equals("--check");
        if (args.length > (check ? 2 : 0)) {
            System.err.println("usage: java " + TOOL + " [--check [scratch directory]]  (from the repository root)");
            System.exit(2);
        }
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve(TOOL))) {
            System.err.println("twins: run from the repository root (no " + TOOL + " in " + root + ")");
            System.exit(2);
        }
        Map<String, String> twins = new LinkedHashMap<>();
        try {
            for (String source : SOURCES) {
                String text = Files.readString(root.resolve(source), StandardCharsets.UTF_8);
                twins.put(twinPath(source), header(source) + generate(source, text));
            }
            for (String template : SEGMENT_TEMPLATES) {
                String text = Files.readString(root.resolve(template), StandardCharsets.UTF_8);
                String name = template.substring(template.lastIndexOf('/') + 1);
                twins.put(template.substring(0, template.length() - ".in".length()),
                        HEADER_START + name + " and the methods its //@body lines name" + HEADER_TOOL + " (edit those,"
                                + " then run java " + TOOL + ").\n" + segmentTwin(root, template, text));
            }
        } catch (MarkerException e) {
            System.err.println("twins: " + e.getMessage());
            System.exit(1);
        }
        List<String> stale = staleTwins(root, twins.keySet());
        if (check) {
            Path scratch = args.length == 2 ? Path.of(args[1]) : root.resolve("target/twins");
            System.exit(check(root, scratch.toAbsolutePath(), twins, stale));
        }
        for (Map.Entry<String, String> twin : twins.entrySet()) {
            Path file = root.resolve(twin.getKey());
            Files.deleteIfExists(file);
            Files.writeString(file, twin.getValue(), StandardCharsets.UTF_8);
            System.out.println("twins: wrote " + twin.getKey());
        }
        for (String file : stale) {
            Files.delete(root.resolve(file));
            System.out.println("twins: deleted " + file + " (no source generates it any more)");
        }
    }

    /** Writes the twins under {@code scratch} and compares them with the checked-in files; returns the exit status. */
    static int check(Path root, Path scratch, Map<String, String> twins, List<String> stale) throws IOException {
        int bad = 0;
        for (Map.Entry<String, String> twin : twins.entrySet()) {
            Path fresh = scratch.resolve(twin.getKey());
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, twin.getValue(), StandardCharsets.UTF_8);
            Path checkedIn = root.resolve(twin.getKey());
            if (!Files.isRegularFile(checkedIn)) {
                System.err.println("twins: " + twin.getKey() + " is missing");
                bad++;
                continue;
            }
            String actual = Files.readString(checkedIn, StandardCharsets.UTF_8);
            if (!actual.equals(twin.getValue())) {
                System.err.println("twins: " + twin.getKey() + " differs from what " + TOOL + " generates ("
                        + shown(root, fresh) + "); " + firstDifference(twin.getValue(), actual));
                bad++;
            }
        }
        for (String file : stale) {
            System.err.println("twins: " + file + " says it is generated, but no source in " + TOOL + " generates it");
            bad++;
        }
        if (bad > 0) {
            System.err.println("twins: " + bad + " file(s) out of date. Edit the float source, never the twin, then run"
                    + " 'java " + TOOL + "' from the repository root.");
            return 1;
        }
        System.out.println("twins: the " + twins.size() + " generated twins match their sources");
        return 0;
    }

    static String shown(Path root, Path file) {
        return (file.startsWith(root) ? root.relativize(file) : file).toString().replace('\\', '/');
    }

    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of file>";
            if (!el.equals(al)) {
                return "first at line " + (i + 1) + ":\n    generated:  " + el.strip() + "\n    checked in: " + al.strip();
            }
        }
        return "line endings differ";
    }

    /** Files under any src/ directory that start with the generated line but are not produced by a source. */
    static List<String> staleTwins(Path root, java.util.Set<String> generated) throws IOException {
        List<String> stale = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                Path src = module.resolve("src");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(src)) {
                    for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                        String name = root.relativize(file).toString().replace('\\', '/');
                        if (!generated.contains(name) && isGenerated(file)) {
                            stale.add(name);
                        }
                    }
                }
            }
        }
        return stale;
    }

    static boolean isGenerated(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String first = lines.findFirst().orElse("");
            return first.startsWith(HEADER_START) && first.contains(HEADER_TOOL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            return false; // not UTF-8 text: not ours
        }
    }

    static String twinPath(String source) {
        int slash = source.lastIndexOf('/');
        String twin = source.substring(0, slash + 1) + rename(source.substring(slash + 1));
        if (twin.equals(source)) {
            throw new IllegalStateException(source + ": the name says no dtype (Float or F32)");
        }
        return twin;
    }

    static String className(String path) {
        return path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
    }

    static final Pattern BODY = Pattern.compile("^\\s*//@body (\\w+)\\.(\\w+) (\\w+)\\s*$");

    /** The template with each {@code //@body} line replaced by the segment form of the method body it names. */
    static String segmentTwin(Path root, String template, String text) throws IOException {
        StringBuilder out = new StringBuilder();
        String dir = template.substring(0, template.lastIndexOf('/') + 1).replace("/src/main/java22/", "/src/main/java/");
        for (String line : text.split("\n", -1)) {
            Matcher m = BODY.matcher(line);
            if (!m.matches()) {
                out.append(line).append('\n');
                continue;
            }
            String source = dir + m.group(1) + ".java";
            String sourceText = Files.readString(root.resolve(source), StandardCharsets.UTF_8);
            for (String body : segmentBody(source, sourceText, m.group(2), m.group(3))) {
                out.append(body).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    /**
     * The body of {@code method} in {@code text} (the lines between its signature's opening brace and its closing
     * brace), its float regions kept and its double regions dropped, with {@code FloatVector.fromArray(S, M, i)}
     * read as {@code FloatVector.fromMemorySegment(S, M, (long) (i) * Float.BYTES, ORDER)} and {@code M[i]} as
     * {@code M.get(FLOAT, (long) (i) * Float.BYTES)} for the matrix variable M.
     */
    static List<String> segmentBody(String file, String text, String method, String matrix) {
        String[] lines = text.split("\n", -1);
        int start = -1;
        for (int i = 0; i < lines.length && start < 0; i++) {
            if (lines[i].contains(" " + method + "(") && lines[i].contains("static ")) {
                start = i;
            }
        }
        if (start < 0) {
            throw new MarkerException(file, 1, "no static method " + method + " for a segment twin");
        }
        String indent = lines[start].substring(0, lines[start].length() - lines[start].stripLeading().length());
        int open = start;
        while (!lines[open].stripTrailing().endsWith("{")) {
            open++;
        }
        Pattern load = Pattern.compile("FloatVector\\.fromArray\\(S, " + matrix + ", ([^()]*)\\)");
        Pattern element = Pattern.compile("\\b" + matrix + "\\[([^\\[\\]]*)\\]");
        List<String> body = new ArrayList<>();
        boolean inDouble = false;
        for (int i = open + 1; !lines[i].equals(indent + "}"); i++) {
            Matcher marker = MARKER.matcher(lines[i]);
            if (marker.matches()) {
                inDouble = marker.group(2).equals("double");
                continue;
            }
            if (inDouble) {
                continue;
            }
            String line = load.matcher(lines[i])
                    .replaceAll("FloatVector.fromMemorySegment(S, " + matrix + ", (long) ($1) * Float.BYTES, ORDER)");
            line = element.matcher(line).replaceAll(matrix + ".get(FLOAT, (long) ($1) * Float.BYTES)");
            if (line.contains("fromArray(S, " + matrix + ",") || line.matches(".*\\b" + matrix + "\\[.*")) {
                throw new MarkerException(file, i + 1, method + " reads " + matrix
                        + " in a way the segment twin cannot convert: " + line.strip());
            }
            body.add(line);
        }
        return body;
    }

    static String header(String source) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        return HEADER_START + name + HEADER_TOOL + " (edit " + name + ", then run java " + TOOL + ").\n";
    }

    /** {@code Float} as a whole camel-case part: followed by the end, an upper-case letter or digit, or a plural s. */
    static final Pattern FLOAT_PART = Pattern.compile("Float(?=$|[A-Z0-9_$]|s(?:$|[A-Z0-9_$]))");
    /** {@code float} opening a camel-case name ({@code floatValue}). */
    static final Pattern FLOAT_PREFIX = Pattern.compile("^float(?=[A-Z0-9_$])");

    /** The renamed form of one word of code, comment or string. */
    static String rename(String word) {
        String exact = WORDS.get(word);
        if (exact != null) {
            return exact;
        }
        String renamed = FLOAT_PART.matcher(word).replaceAll("Double");
        renamed = FLOAT_PREFIX.matcher(renamed).replaceAll("double");
        return renamed.replace("F32", "F64").replace("f32", "f64");
    }

    // ---------------------------------------------------------------------------------------------
    // Regions

    static final class MarkerException extends RuntimeException {
        MarkerException(String file, int line, String message) {
            super(file + ":" + line + ": " + message);
        }
    }

    /** A named region's double text (relative to its marker's indentation) and float text (stripped). */
    record Snippet(List<String> doubleText, List<String> floatText) {
    }

    /**
     * The double twin of {@code text}: the regions replaced by their double text (kept verbatim),
     * then everything else converted token by token.
     */
    static String generate(String file, String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        List<Integer> origin = new ArrayList<>();
        Map<String, Snippet> snippets = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (!m.matches()) {
                out.add(lines[i]);
                origin.add(i + 1);
                continue;
            }
            if (!m.group(2).equals("double")) {
                throw new MarkerException(file, i + 1, "//#" + m.group(2) + " without a //#double before it");
            }
            int start = i;
            String indent = m.group(1);
            String name = m.group(3);
            List<String> doubleText = new ArrayList<>();
            for (i++; i < lines.length && !MARKER.matcher(lines[i]).matches(); i++) {
                Matcher d = DOUBLE_LINE.matcher(lines[i]);
                if (!d.matches()) {
                    throw new MarkerException(file, i + 1, "a line of double text must start with //= (region from line "
                            + (start + 1) + ")");
                }
                if (!d.group(1).equals(indent)) {
                    throw new MarkerException(file, i + 1, "//= must be indented as the //#double of line " + (start + 1));
                }
                doubleText.add(d.group(2) == null ? "" : d.group(2));
            }
            if (i == lines.length || !marker(lines[i]).equals("float")) {
                throw new MarkerException(file, start + 1, "//#double needs a //#float after its double text");
            }
            List<String> floatText = new ArrayList<>();
            for (i++; i < lines.length && !MARKER.matcher(lines[i]).matches(); i++) {
                floatText.add(lines[i].strip());
            }
            if (i == lines.length || !marker(lines[i]).equals("end")) {
                throw new MarkerException(file, start + 1, "the region has no //#end after its //#float");
            }
            if (!name.isEmpty()) {
                Snippet first = snippets.get(name);
                if (first == null) {
                    snippets.put(name, new Snippet(doubleText, floatText));
                } else if (!doubleText.isEmpty()) {
                    throw new MarkerException(file, start + 1, "region '" + name + "' already has its double text;"
                            + " a later region of that name gives none");
                } else if (!first.floatText().equals(floatText)) {
                    throw new MarkerException(file, start + 1, "the float lines of region '" + name
                            + "' differ from those of its first region");
                } else {
                    doubleText = first.doubleText();
                }
            }
            for (String line : doubleText) {
                out.add(KEEP + (line.isEmpty() ? "" : indent + line) + END_KEEP);
                origin.add(start + 1);
            }
        }
        String converted = convert(file, String.join("\n", out), origin);
        return converted.replace(String.valueOf(KEEP), "").replace(String.valueOf(END_KEEP), "");
    }

    static String marker(String line) {
        Matcher m = MARKER.matcher(line);
        return m.matches() ? m.group(2) : "";
    }

    // ---------------------------------------------------------------------------------------------
    // Tokens

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    static final Pattern NUMBER = Pattern.compile(
            "0[xX][0-9a-fA-F_]*(?:\\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?[fFdDlL]?"
                    + "|(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][+-]?[0-9_]+)?[fFdDlL]?");
    static final Pattern CAST = Pattern.compile("\\(float\\)[ \\t]*");
    static final Pattern WORD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    static final String ESCAPE = "/*double:";

    /** Converts Java text token by token; text between KEEP and END_KEEP is copied as it is. */
    static String convert(String file, String s, List<Integer> origin) {
        StringBuilder out = new StringBuilder(s.length() + s.length() / 8);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == KEEP) {
                int end = s.indexOf(END_KEEP, i);
                out.append(s, i, end + 1);
                i = end + 1;
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(words(s.substring(i, end)));
                i = end;
            } else if (s.startsWith(ESCAPE, i)) {
                int close = s.indexOf("*/", i);
                if (close < 0) {
                    throw new MarkerException(file, origin.get(lineOf(s, i) - 1), "unclosed " + ESCAPE);
                }
                String replacement = s.substring(i + ESCAPE.length(), close);
                int at = close + 2;
                Matcher token = IDENTIFIER.matcher(s).region(at, n);
                if (!token.lookingAt()) {
                    token = NUMBER.matcher(s).region(at, n);
                }
                if (!token.lookingAt() || token.end() == at) {
                    throw new MarkerException(file, origin.get(lineOf(s, i) - 1), ESCAPE + replacement
                            + "*/ must be followed at once by the identifier or number it replaces");
                }
                out.append(KEEP).append(replacement).append(END_KEEP);
                i = token.end();
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(words(s.substring(i, end)));
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                out.append(words(s.substring(i, end)));
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(j + 1, n);
                out.append(c == '"' ? words(s.substring(i, end)) : s.substring(i, end));
                i = end;
            } else if (IDENTIFIER.matcher(s).region(i, n).lookingAt()) {
                Matcher m = IDENTIFIER.matcher(s).region(i, n);
                m.lookingAt();
                out.append(word(m.group()));
                i = m.end();
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                Matcher m = NUMBER.matcher(s).region(i, n);
                m.lookingAt();
                out.append(doubleLiteral(m.group()));
                i = m.end();
            } else if (c == '(' && CAST.matcher(s).region(i, n).lookingAt()) {
                Matcher m = CAST.matcher(s).region(i, n);
                m.lookingAt();
                i = m.end();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static String word(String w) {
        String swapped = SWAPS.get(w);
        return swapped != null ? swapped : rename(w);
    }

    /** Renames the words of a comment or string. */
    static String words(String text) {
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(word(m.group()));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** A float literal as a double literal ({@code 1f -> 1.0}, {@code 0.5f -> 0.5}); other literals unchanged. */
    static String doubleLiteral(String literal) {
        char last = literal.charAt(literal.length() - 1);
        boolean hex = literal.startsWith("0x") || literal.startsWith("0X");
        if ((last != 'f' && last != 'F') || (hex && !literal.matches(".*[pP].*"))) {
            return literal;
        }
        String digits = literal.substring(0, literal.length() - 1);
        return hex || digits.contains(".") || digits.matches(".*[eE].*") ? digits : digits + ".0";
    }

    static int lineOf(String s, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static {
        for (String source : SOURCES) {
            if (SWAPS.put(className(twinPath(source)), className(source)) != null) {
                throw new IllegalStateException("two sources in SOURCES have the same twin: " + twinPath(source));
            }
        }
    }
}
