package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.comm.stats.RoutingTraceWriter;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.moe.RoutingDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./janus plan}, through {@link JanusMain}, on traces the test records. */
class PlanCommandTest {

    static final int EXPERTS = 8;
    static final int TOP_K = 2;

    /**
     * Skewed top-2 routing on {@code layers} layers (the shape of the tiny-mixtral fixture): every
     * token picks expert 0 and one of experts 1..7 with Zipf-like odds, so the planned placement
     * must replicate expert 0.
     */
    static Path trace(Path dir, int... layers) {
        Path file = dir.resolve("routing.trace");
        SplittableRandom random = new SplittableRandom(7);
        try (RoutingTraceWriter writer = new RoutingTraceWriter(file, EXPERTS, TOP_K)) {
            for (int batch = 0; batch < 40; batch++) {
                for (int layer : layers) {
                    RoutingDecision r = new RoutingDecision();
                    r.reset(16, TOP_K);
                    for (int t = 0; t < 16; t++) {
                        r.set(t, 0, 0, 0.5f);
                        r.set(t, 1, 1 + (int) (7 * Math.pow(random.nextDouble(), 2)), 0.5f);
                    }
                    writer.onRouting(layer, r);
                }
            }
        }
        return file;
    }

    @Test
    void everyPolicyWritesAPlacementTheServicesAccept(@TempDir Path dir) {
        Path trace = trace(dir, 0, 1);
        for (String policy : new String[] {"janus", "eplb", "round-robin"}) {
            Path out = dir.resolve(policy + ".json");
            CliRun run = CliRun.janus("plan", "--trace", trace.toString(), "--instances", "4", "--redundant-slots", "4",
                    "--policy", policy, "--version", "7", "--out", out.toString());

            assertThat(run.exit()).as(run.err()).isZero();
            PlacementEpoch epoch = PlacementJson.read(out);
            assertThat(epoch.version()).isEqualTo(7);
            assertThat(epoch.layers()).isEqualTo(2);
            assertThat(epoch.logicalExperts()).isEqualTo(EXPERTS);
            assertThat(epoch.instances()).isEqualTo(4);
            assertThat(epoch.slotsPerInstance()).isEqualTo(3); // (8 + 4) / 4
            for (int layer = 0; layer < 2; layer++) {
                assertThat(Placement.of(epoch).replicaCount(layer, 0)).as(policy + " replicas of the hot expert")
                        .isGreaterThan(1);
            }
            assertThat(run.out()).startsWith("plan " + policy + ": 2 layers x 8 experts on 4 instances x 3 slots")
                    .contains("round-robin -> plan, replaying 80 batches through aebs-rep")
                    .containsPattern("(?m)^    0       40 .*\\n    1       40 .*->")
                    .contains("all layers: mean a_max");
        }
    }

    @Test
    void layersComeFromTheOptionTheModelOrTheTrace(@TempDir Path dir) {
        Path trace = trace(dir, 0, 2); // layer 1 never routed
        Path out = dir.resolve("placement.json");

        assertThat(CliRun.janus("plan", "--trace", trace.toString(), "--instances", "2", "--out", out.toString()).exit()).isZero();
        assertThat(PlacementJson.read(out).layers()).isEqualTo(3);
        assertThat(CliRun.janus("plan", "--trace", trace.toString(), "--instances", "2", "--layers", "5",
                "--out", out.toString()).exit()).isZero();
        assertThat(PlacementJson.read(out).layers()).isEqualTo(5);
        CliRun model = CliRun.janus("plan", "--trace", trace.toString(), "--instances", "2",
                "--model", Fixtures.dir("tiny-mixtral").toString(), "--out", out.toString());
        assertThat(model.exit()).as(model.err()).isZero();
        assertThat(PlacementJson.read(out).layers()).isEqualTo(4);
    }

    /** The snapshot (GET /internal/activation-stats) of the trace's routing plans the same placement. */
    @Test
    void aStatisticsSnapshotPlansLikeTheTraceItCounts(@TempDir Path dir) throws Exception {
        Path trace = trace(dir, 0, 1);
        CoActivation co = TraceStatistics.count(RoutingTraceReader.read(trace).entries(), 2, EXPERTS).coActivation();
        long[] upper = new long[2 * EXPERTS * EXPERTS]; // the snapshot stores only i < j
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < EXPERTS; i++) {
                for (int j = i + 1; j < EXPERTS; j++) {
                    upper[(l * EXPERTS + i) * EXPERTS + j] = co.count(l, i, j);
                }
            }
        }
        long[] counts = TraceStatistics.count(RoutingTraceReader.read(trace).entries(), 2, EXPERTS).load().counts();
        Path stats = dir.resolve("stats.bin");
        Files.write(stats, new ActivationSnapshot(2, EXPERTS, 60_000, counts, upper).encode());

        String[] shape = {"--instances", "4", "--redundant-slots", "4", "--policy", "eplb", "--out"};
        CliRun fromTrace = CliRun.janus(concat(new String[] {"plan", "--trace", trace.toString()}, shape, dir + "/t.json"));
        CliRun fromStats = CliRun.janus(concat(new String[] {"plan", "--stats", stats.toString()}, shape, dir + "/s.json"));
        CliRun both = CliRun.janus(concat(new String[] {"plan", "--stats", stats.toString(), "--trace", trace.toString()},
                shape, dir + "/b.json"));

        assertThat(fromStats.exit()).as(fromStats.err()).isZero();
        assertThat(fromStats.out()).contains("synthetic routing (32 batches of 64 tokens per layer, top-2)");
        assertThat(both.out()).contains("replaying 80 batches");
        assertThat(Files.readString(dir.resolve("s.json"))).isEqualTo(Files.readString(dir.resolve("t.json")))
                .isEqualTo(Files.readString(dir.resolve("b.json")));
    }

    @Test
    void badArgumentsAreOneLineErrors(@TempDir Path dir) throws Exception {
        String trace = trace(dir, 0, 1).toString();
        Path garbage = Files.writeString(dir.resolve("garbage.bin"), "not a snapshot");
        String[][] cases = {
                {"plan needs --trace FILE and/or --stats FILE", "plan", "--instances", "2"},
                {"--trace: no such file", "plan", "--trace", dir.resolve("nope").toString(), "--instances", "2"},
                {"--out: no such directory", "plan", "--trace", trace, "--instances", "2", "--out",
                        dir.resolve("nope/placement.json").toString()},
                {"not an activation snapshot", "plan", "--stats", garbage.toString(), "--instances", "2"},
                {"Missing required option: '--instances=N'", "plan", "--trace", trace},
                {"'two' is not an int", "plan", "--trace", trace, "--instances", "two"},
                {"--redundant-slots must be >= 0, got -1", "plan", "--trace", trace, "--instances", "2", "--redundant-slots", "-1"},
                {"unknown placement policy 'magic'; known: janus, eplb, round-robin", "plan", "--trace", trace,
                        "--instances", "2", "--policy", "magic"},
                {"does not divide the 4 instances", "plan", "--trace", trace, "--instances", "4", "--instances-per-node", "3"},
                {"records layer 1, but the model has 1 layers", "plan", "--trace", trace, "--instances", "2", "--layers", "1"},
                {"--model has 4 experts", "plan", "--trace", trace, "--instances", "2", "--model", tinyModel(dir, 4).toString()},
                {"8 experts on 2 instances hold at most 8 redundant replicas", "plan", "--trace", trace, "--instances", "2", "--redundant-slots", "9"},
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            CliRun run = CliRun.janus(args);

            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("error: ").contains(c[0]).hasLineCount(1);
        }
    }

    /** A config.json of tiny-mixtral's with another expert count. */
    static Path tinyModel(Path dir, int experts) throws Exception {
        Path model = Files.createDirectories(dir.resolve("model-" + experts));
        String config = Files.readString(Fixtures.dir("tiny-mixtral").resolve("config.json"));
        Files.writeString(model.resolve("config.json"), config.replace("\"num_local_experts\": 8",
                "\"num_local_experts\": " + experts));
        return model;
    }

    static String[] concat(String[] head, String[] middle, String last) {
        String[] all = Arrays.copyOf(head, head.length + middle.length + 1);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        all[all.length - 1] = last;
        return all;
    }
}
