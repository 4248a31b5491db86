package dev.janus.model.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * The engine's command line: {@code generate}, {@code make-model}, {@code bench}. comm-lib's
 * {@code JanusMain} (what {@code ./janus} runs) adds its commands through {@link #commandLine},
 * so every command shares this usage text and error handling.
 */
@Command(name = "janus", mixinStandardHelpOptions = true, version = "janus 0.1.0",
        description = "MoE inference engine command line (model-lib).",
        subcommands = {GenerateCommand.class, MakeModelCommand.class, BenchCommand.class})
public final class JanusCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private JanusCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Results (stdout). */
    PrintStream out() {
        return out;
    }

    /** Progress, notes and errors (stderr). */
    PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI on the given streams and returns its exit code (tests call this). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The command line on the given streams, with {@code extra} picocli commands beside the
     * engine's. Every error, a usage error included, is one line {@code error: ...} on stderr
     * and exit code 1; {@code JANUS_DEBUG=1} adds the stack trace.
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err, Object... extra) {
        CommandLine cli = new CommandLine(new JanusCli(out, err));
        for (Object command : extra) {
            cli.addSubcommand(command); // before the setters below: they reach only commands already added
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String message = e instanceof CommandLine.UnmatchedArgumentException u && !u.isUnknownOption()
                    && cmd == cli && !u.getUnmatched().isEmpty()
                    ? "unknown command '" + u.getUnmatched().getFirst() + "'; commands: "
                            + String.join(", ", cli.getSubcommands().keySet())
                    : e.getMessage().replaceFirst("^Error: ", ""); // picocli's argument groups say it already
            cmd.getErr().println("error: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 1;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // a clear one-line error instead of a stack trace; details with JANUS_DEBUG=1
            cmd.getErr().println("error: " + e.getMessage());
            if (System.getenv("JANUS_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli;
    }
}
