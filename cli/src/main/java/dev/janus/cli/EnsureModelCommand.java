package dev.janus.cli;

import dev.janus.model.cli.DefaultModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ensure-model DIR}: docker-compose's one-shot model-init. A folder named like the default
 * model ({@value DefaultModel#NAME}) is generated once, deterministically; any other folder must
 * already hold a model (config.json), else exit 1 names it, so that no service starts without one.
 */
@Command(name = "ensure-model", mixinStandardHelpOptions = true,
        description = "Generate the default model into DIR once, or check that DIR holds a model (docker-compose model-init).")
final class EnsureModelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the model folder the services will load")
    Path dir;

    private final PrintStream out;
    private final PrintStream err;

    EnsureModelCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            out.println("model present: " + dir);
            return 0;
        }
        if (!dir.getFileName().toString().equals(DefaultModel.NAME)) {
            err.println("error: no model in " + dir + " (no config.json); put an HF model folder there, or use "
                    + DefaultModel.NAME + " for the generated default model");
            return 1;
        }
        out.println("model generated: " + DefaultModel.ensure(dir, err));
        return 0;
    }
}
