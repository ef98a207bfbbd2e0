package org.orrery.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The {@code orrery} command: subcommands are the public surface listed in DESIGN §6. */
@Command(name = "orrery", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Simulation-based inference for astronomers: simulators, neural posteriors and "
                + "validation as hot-deployable plugins.",
        subcommands = {
            PluginsCommand.class,
            SimulateCommand.class,
            TrainCommand.class,
            InferCommand.class,
            ValidateCommand.class,
            StatsCommand.class,
            RunCommand.class,
            ImageCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Set ORRERY_DEBUG=1 or pass --verbose for stack traces."})
public final class Main implements Runnable {

    /** Exit status for a failure with a one-line cause. */
    public static final int EXIT_FAILURE = 1;
    /** Exit status for a usage error: a bad option value, out of range, or an argument the command refuses. */
    public static final int EXIT_USAGE = 2;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // `orrery` alone: show what there is rather than fail silently
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A fully configured command line writing to the process's stdout/stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** A fully configured command line; tests and {@code demo} pass their own writers. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::onExecutionException);
        cl.setParameterExceptionHandler(Main::onParameterException);
        // `orrery <command> --version` answers like `orrery --version`, without repeating it on every class
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(new Version());
            }
        }
        return cl;
    }

    private static int onParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getColorScheme().errorText(ex.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int onExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return isUsageError(ex) ? EXIT_USAGE : EXIT_FAILURE;
    }

    /**
     * A value the user gave is refused before any work: out of range ({@link UsageException}, from a
     * request that would not build), an existing output without {@code --overwrite}, a held-out bank
     * that repeats the training data.
     */
    static boolean isUsageError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UsageException || t instanceof org.orrery.workflow.OutputExistsException
                    || t instanceof org.orrery.workflow.SameBankException) {
                return true;
            }
        }
        return false;
    }

    /** "org.orrery.io.BadInputException: " and the like, which Java puts in front of a wrapped cause's message. */
    private static final java.util.regex.Pattern CLASS_PREFIX =
            java.util.regex.Pattern.compile("(?:\\b(?:[a-z][a-z0-9_]*\\.)+)?[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

    /** The text with every Java exception class name taken out. */
    static String withoutClassNames(String text) {
        String t = text;
        for (String before = null; !t.equals(before); ) {
            before = t;
            t = CLASS_PREFIX.matcher(t).replaceAll("");
        }
        return t;
    }

    /** The cause a user can act on, on one line, without Java class names where we wrote the text. */
    static String oneLine(Throwable ex) {
        return withoutClassNames(cause(ex));
    }

    private static String cause(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof org.orrery.workflow.WorkflowException we) {
            return Cli.reworded(we).getMessage();
        }
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return "internal error" + (t instanceof OutOfMemoryError ? ": out of memory; give the JVM more with"
                    + " ORRERY_JAVA_OPTS=-Xmx…" : " (run with --verbose for the stack trace)");
        }
        return message.strip().lines().findFirst().orElse(message);
    }

    private static boolean verbose(ParseResult parsed) {
        String debug = System.getenv("ORRERY_DEBUG");
        if (debug != null && !debug.isBlank() && !debug.equals("0") && !debug.equalsIgnoreCase("false")) {
            return true;
        }
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Version from the filtered {@code orrery-version.properties} resource. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"orrery " + version(), "Java " + Runtime.version()};
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/org/orrery/cli/orrery-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
