package dev.janus.model.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the executable jar: {@code generate}, {@code make-model}, {@code bench}. */
@Command(name = "janus", mixinStandardHelpOptions = true, version = "janus 0.1.0",
        description = "MoE inference engine command line (model-lib).",
        subcommands = {GenerateCommand.class, MakeModelCommand.class, BenchCommand.class})
public final class JanusCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new JanusCli());
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
