package dev.janus.cli;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.SchedulerOptions;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code schedule --vectors FILE [--policy NAME] [--check]}: runs the activation schedulers on
 * every batch of an AEBS vector file (fixtures/aebs/README.md) and prints the file again in its
 * own format with the plans this project computes, so {@code diff} against the input checks any
 * vector file; {@code --check} does the comparison itself. A command of {@link JanusMain}.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, version = "schedule 0.1.0",
        description = "Run the activation scheduler policies on an AEBS vector file.")
public final class ScheduleCli implements Callable<Integer> {

    @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "AEBS vector file")
    Path vectors;

    @Option(names = "--policy", paramLabel = "NAME",
            description = "only this policy (static, random, round-robin, aebs, aebs-rep, aebs+); "
                    + "default: every policy of the file's header that is implemented")
    String policy;

    @Option(names = "--check", description = "compare with the file's plans instead of printing; exit 1 on a mismatch")
    boolean check;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the random policy (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--spread-tokens", description = "aebs family: also split hot experts' tokens over idle replicas")
    boolean spreadTokens;

    private final PrintStream out;
    private final PrintStream err;

    ScheduleCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        AebsVectorFile file = AebsVectorFile.read(vectors);
        List<String> names = new ArrayList<>();
        if (policy != null) {
            names.add(SchedulingPolicy.fromName(policy).configName());
        } else {
            for (String name : file.policies()) {
                if (SchedulingPolicy.isKnown(name)) {
                    names.add(SchedulingPolicy.fromName(name).configName());
                } else {
                    err.println("note: policy '" + name + "' of the file is not implemented; skipped");
                }
            }
        }
        PlacementEpoch epoch = PlacementEpoch.uniform(0, 1, file.logicalExperts(), file.instances(), file.slots());
        SchedulerOptions options = SchedulerOptions.DEFAULT.withSeed(seed).withSpreadTokens(spreadTokens);
        RoutingDecision routing = new RoutingDecision();
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        int k = file.topK();
        int rows = file.tokens() * k;
        int[] physical = new int[rows];
        int[] mismatchedBatches = new int[names.size()];
        StringBuilder text = new StringBuilder();
        AebsVectorFile.writeHeader(text, file, names);
        for (AebsVectorFile.Batch batch : file.batches()) {
            routing.reset(file.tokens(), k);
            for (int r = 0; r < rows; r++) {
                routing.set(r / k, r % k, batch.route()[r], 1f / k);
            }
            AebsVectorFile.appendInts(text, batch.route(), rows);
            for (int i = 0; i < names.size(); i++) {
                ActivationScheduler scheduler = SchedulingPolicy.fromName(names.get(i)).create(options);
                scheduler.schedule(routing, epoch, 0, plan);
                for (int r = 0; r < rows; r++) {
                    physical[r] = plan.physical(r);
                }
                int aMax = metrics.measure(plan, epoch).aMax();
                AebsVectorFile.appendInts(text, physical, rows);
                text.append("amax ").append(aMax).append('\n');
                int expected = file.policies().indexOf(names.get(i));
                if (expected >= 0 && (!java.util.Arrays.equals(physical, batch.physical()[expected])
                        || aMax != batch.aMax()[expected])) {
                    mismatchedBatches[i]++;
                }
            }
        }
        if (!check) {
            out.print(text);
            return 0;
        }
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            if (!file.policies().contains(names.get(i))) {
                out.println(names.get(i) + ": not in the file, nothing to compare");
                continue;
            }
            int total = file.batches().size();
            out.println(names.get(i) + ": " + (total - mismatchedBatches[i]) + "/" + total + " batches match");
            ok &= mismatchedBatches[i] == 0;
        }
        return ok ? 0 : 1;
    }
}
