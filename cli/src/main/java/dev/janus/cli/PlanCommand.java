package dev.janus.cli;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.JanusOptions;
import dev.janus.comm.placement.policy.JanusPolicy;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.RoundRobinPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plan}: the offline placement planner, as SGLang's {@code --init-expert-location}. Plans
 * with a {@link PlacementPolicy} from recorded statistics ({@link PlanInputs}), prints the
 * predicted effect against round-robin with the same slots ({@link PlanReport}) and writes the
 * {@link PlacementJson} file every service starts from with {@code --moe.placement.file}.
 */
@Command(name = "plan", sortOptions = false,
        description = {"Plan an expert placement offline and write the file services start from.",
                "Statistics from a routing trace (attention-service --moe.stats.trace-file) and/or an activation "
                        + "snapshot (GET /internal/activation-stats); prints the predicted effect against round-robin "
                        + "with the same slots; writes the placement file every service reads with "
                        + "--moe.placement.file=FILE."})
final class PlanCommand implements Callable<Integer> {

    @Option(names = "--trace", paramLabel = "FILE", description = "routing trace: statistics, and the batches replayed")
    Path trace;

    @Option(names = "--stats", paramLabel = "FILE", description = "ActivationSnapshot.encode() statistics (used instead of counting the trace)")
    Path stats;

    @Option(names = "--instances", required = true, paramLabel = "N", description = "MoE instances")
    int instances;

    @Option(names = "--redundant-slots", defaultValue = "0", paramLabel = "R", description = "extra replicas per layer (default ${DEFAULT-VALUE})")
    int redundantSlots;

    @Option(names = "--policy", defaultValue = PlacementPolicy.DEFAULT, paramLabel = "P",
            description = "janus, eplb or round-robin (default ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--instances-per-node", defaultValue = "0", paramLabel = "M", description = "for eplb's hierarchical variant; 0 = one node")
    int instancesPerNode;

    @Option(names = "--layers", paramLabel = "L", description = "layers (default: --model's, the snapshot's, or the trace's highest + 1)")
    Integer layers;

    @Option(names = "--model", paramLabel = "DIR", description = "HF model directory: layers, experts and top-k from its config.json")
    Path model;

    @Option(names = "--version", defaultValue = "1", paramLabel = "V", description = "epoch version of the file (default ${DEFAULT-VALUE})")
    long version;

    @Option(names = "--out", paramLabel = "FILE", description = "placement file to write (without it: only the prediction)")
    Path outFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    PlanCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        atLeast("--instances", instances, 1);
        atLeast("--redundant-slots", redundantSlots, 0);
        atLeast("--instances-per-node", instancesPerNode, 0);
        atLeast("--version", version, 0);
        if (layers != null) {
            atLeast("--layers", layers, 1);
        }
        Path outDir = outFile == null ? null : outFile.toAbsolutePath().getParent();
        if (outDir != null && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("--out: no such directory " + outDir);
        }
        PlacementPolicy chosen = PlacementPolicy.fromName(policy);
        PlanInputs in = PlanInputs.read(trace, stats, model, layers);
        if (chosen instanceof JanusPolicy && in.topK() > 0) {
            chosen = new JanusPolicy(JanusOptions.DEFAULTS.withTopK(in.topK())); // known k beats inferring it
        }
        if ((long) in.experts() + redundantSlots > (long) in.experts() * instances) {
            // the policies would leave the surplus empty: replicas of one expert need distinct instances
            throw new IllegalArgumentException("--redundant-slots " + redundantSlots + " cannot be used: " + in.experts()
                    + " experts on " + instances + " instances hold at most " + in.experts() * (instances - 1L)
                    + " redundant replicas per layer");
        }
        ClusterShape shape = ClusterShape.forRedundantSlots(in.experts(), instances, redundantSlots, instancesPerNode);
        Placement plan = chosen.plan(in.load(), in.coActivation(), shape, Pins.NONE, redundantSlots);
        Placement baseline = new RoundRobinPolicy().plan(in.load(), in.coActivation(), shape, Pins.NONE, redundantSlots);
        PlacementEpoch epoch = plan.toEpoch(version);

        out.printf(Locale.ROOT, "plan %s: %d layers x %d experts on %d instances x %d slots (%d redundant per layer)%n",
                chosen.name(), in.layers(), in.experts(), instances, shape.slotsPerInstance(), redundantSlots);
        out.println("from " + in.source());
        PlacementEvaluator evaluator = new PlacementEvaluator();
        PlanReport.print(out, evaluator.evaluate(baseline, in.routing()), evaluator.evaluate(plan, in.routing()));
        if (outFile == null) {
            err.println("note: no --out, the placement was not written");
        } else {
            PlacementJson.write(epoch, outFile);
            out.println("wrote " + outFile + " (version " + version + "): start services with --moe.placement.file=" + outFile);
        }
        return 0;
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        }
    }
}
