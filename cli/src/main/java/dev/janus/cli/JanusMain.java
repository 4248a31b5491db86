package dev.janus.comm.cli;

import dev.janus.model.cli.JanusCli;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * What {@code ./janus} runs (comm-lib-VERSION-cli.jar): model-lib's engine commands
 * ({@code generate}, {@code make-model}, {@code bench}) and this module's {@code schedule} and
 * {@code plan}, on one {@link JanusCli#commandLine}: one usage text, one error convention.
 */
public final class JanusMain {

    private JanusMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line on the given streams and returns its exit code (tests call this). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = JanusCli.commandLine(out, err, new ScheduleCli(out, err), new PlanCommand(out, err));
        cli.getCommandSpec().usageMessage().description(
                "Janus command line: the MoE engine (generate, make-model, bench), the activation",
                "scheduler on AEBS vector files (schedule) and the offline expert placement planner (plan).");
        return cli.execute(args);
    }
}
