package dev.janus.model.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** Entry point of the executable jar: {@code generate}, {@code make-model}, {@code bench}. */
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
        CommandLine cli = new CommandLine(new JanusCli(out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // a clear one-line error instead of a stack trace; details with JANUS_DEBUG=1
            cmd.getErr().println("error: " + e.getMessage());
            if (System.getenv("JANUS_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
