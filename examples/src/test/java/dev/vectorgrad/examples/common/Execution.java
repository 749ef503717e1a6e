package dev.vectorgrad.examples.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * What a picocli command did when executed with some arguments: its exit status and what it wrote to picocli's
 * out and err writers (the usage and usage errors; the program's own output goes to {@code System.out}).
 */
public record Execution(int code, String out, String err) {

    /** Executes {@code command} with {@code args} as {@code main} would, without ending the JVM. */
    public static Execution of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Execution(code, out.toString(), err.toString());
    }
}
