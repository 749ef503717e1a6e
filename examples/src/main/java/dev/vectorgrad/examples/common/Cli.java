package dev.vectorgrad.examples.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line options of an example: {@code --name value} pairs and {@code --flag}s, read
 * with a default for each. {@code --help} prints the usage and exits; an unknown option, or one
 * without its value, prints the usage and exits with status 2.
 *
 * <pre>{@code
 * Cli cli = Cli.parse(args, USAGE);
 * int steps = cli.integer("steps", 1500);
 * Path text = cli.path("text", null);
 * cli.done();                     // rejects options that nothing asked for
 * }</pre>
 */
public final class Cli {

    private final String usage;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> used = new ArrayList<>();

    private Cli(String usage) {
        this.usage = usage;
    }

    /** Parses {@code args}; {@code usage} is the text shown for {@code --help} and on errors. */
    public static Cli parse(String[] args, String usage) {
        Cli cli = new Cli(usage);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!a.startsWith("--") || a.length() == 2) {
                cli.fail("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                cli.values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                cli.values.put(name, args[++i]);
            } else {
                cli.values.put(name, null); // a flag
            }
        }
        return cli;
    }

    /** The value of {@code --name}, or {@code fallback} when it is absent. */
    public String string(String name, String fallback) {
        used.add(name);
        if (!values.containsKey(name)) {
            return fallback;
        }
        String v = values.get(name);
        if (v == null) {
            fail("--" + name + " needs a value");
        }
        return v;
    }

    /** {@code --name} as an int. */
    public int integer(String name, int fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw fail("--" + name + " needs an integer, got '" + v + "'");
        }
    }

    /** {@code --name} as a double. */
    public double decimal(String name, double fallback) {
        String v = string(name, null);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw fail("--" + name + " needs a number, got '" + v + "'");
        }
    }

    /** {@code --name} as a path, or {@code fallback} (may be null). */
    public Path path(String name, Path fallback) {
        String v = string(name, null);
        return v == null ? fallback : Path.of(v);
    }

    /** Whether the flag {@code --name} was given (it takes no value). */
    public boolean flag(String name) {
        used.add(name);
        if (values.containsKey(name) && values.get(name) != null) {
            fail("--" + name + " takes no value, got '" + values.get(name) + "'");
        }
        return values.containsKey(name);
    }

    /** Fails on any option that none of the getters asked for (a typo, usually). */
    public void done() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                fail("unknown option --" + name);
            }
        }
    }

    /** Prints {@code problem} and the usage to standard error and exits with status 2. */
    public RuntimeException fail(String problem) {
        System.err.println("error: " + problem);
        System.err.println();
        System.err.println(usage);
        System.exit(2);
        return new IllegalStateException(problem); // not reached
    }
}
