package dev.janus.cli;

import dev.janus.cli.compose.UpCommand;
import dev.janus.model.cli.JanusCli;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * What {@code ./janus} runs (cli/target/janus-cli-VERSION-cli.jar): model-lib's engine commands
 * ({@code generate}, {@code make-model}, {@code bench}) and this module's {@code schedule},
 * {@code plan} and {@code simulate}, on one {@link JanusCli#commandLine}: one usage text, one error convention.
 */
public final class JanusMain {

    private JanusMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line on the given streams and returns its exit code (tests call this). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = JanusCli.commandLine(out, err, new ScheduleCli(out, err), new PlanCommand(out, err),
                new SimulateCommand(out), new ProfileCommand(out, java.time.Clock.systemUTC()),
                new EnsureModelCommand(out, err), new UpCommand(out));
        cli.getCommandSpec().usageMessage().description(
                "Janus command line: the MoE engine (generate, make-model, bench), the activation",
                "scheduler on AEBS vector files (schedule), the offline expert placement planner (plan)",
                "the cluster simulator comparing monolithic, static and Janus scaling (simulate), a",
                "hardware profile fitted to running services (profile);",
                "docker-compose.yml's services as local processes (up) and its model-init (ensure-model).");
        return cli.execute(args);
    }
}
