package dev.vectorgrad.examples.common;

import picocli.CommandLine.Option;

/**
 * The {@code -h, --help} option of every example, a picocli {@code @Mixin}: prints the usage to standard output
 * and ends the program with status 0.
 */
public final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "prints these options and exits")
    private boolean help;
}
