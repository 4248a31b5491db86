package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.cli.JanusMain;
import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.LayerLatency;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Planner;
import dev.janus.comm.scaling.PlannerOptions;
import dev.janus.comm.scaling.Sizing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 §1: {@code ./janus profile} against real processes — attention-service and two
 * expert-services serving the tiny-mixtral fixture over gRPC — fits a profile whose constants are
 * sane, whose fit error is reported, and that the planner accepts.
 */
class ScalerProfileTest {

    @Test
    void aShortSweepFitsASaneProfileThePlannerAccepts(@TempDir Path tmp) {
        Path model = TinyMixtral.copyTo(tmp);
        List<String> placement = List.of("--moe.placement.instances=2");
        List<ServiceProcess> services = new ArrayList<>();
        try {
            int[] grpc = {ServiceProcess.freePort(), ServiceProcess.freePort()};
            List<String> expertUrls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ServiceProcess expert = ServiceProcess.start("profile-expert-" + i, "janus.e2e.expert-jar",
                        List.of("--moe.model.path=" + model, "--moe.expert.instance-id=" + i,
                                "--spring.grpc.server.port=" + grpc[i], "--moe.expert.compute-threads=1", placement.getFirst()));
                services.add(expert);
                expertUrls.add(expert.url());
            }
            ServiceProcess attention = ServiceProcess.start("profile-attention", "janus.e2e.attention-jar",
                    List.of("--moe.model.path=" + model, "--moe.experts.transport=grpc",
                            "--moe.experts.targets=" + java.util.Arrays.stream(grpc).mapToObj(p -> "127.0.0.1:" + p)
                                    .collect(Collectors.joining(",")),
                            "--moe.scheduler.compute-threads=1", "--moe.scheduler.kv-cache-tokens=16384", placement.getFirst()));
            services.add(attention);

            Path profileFile = tmp.resolve("fitted.json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = JanusMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    "profile", "--attention", attention.url(), "--experts", String.join(",", expertUrls),
                    "--model", model.toString(), "--batches", "1,2,4", "--prompt-tokens", "16,160", "--output-tokens", "48",
                    "--timeout-s", "120", "--out", profileFile.toString());
            System.out.println(out.toString(StandardCharsets.UTF_8));
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();

            HardwareProfile p = HardwareProfiles.read(profileFile);
            assertThat(p.kind()).isEqualTo("cpu");
            assertThat(p.roofline()).isFalse();
            assertThat(p.source()).contains(attention.url()).contains(expertUrls.get(1));
            // 6 points: one attention sample and one per expert-service each, less any point the sweep
            // skipped as noise (the fit needs 3 of each)
            assertThat(p.fit().samples()).isBetween(3 + 3, 6 + 12);
            assertThat(p.fit().rmsErrorUs()).isPositive().isFinite();
            assertThat(p.fit().maxRelativeError()).isPositive().isFinite(); // tiny steps on shared cores: noisy, but reported
            for (HardwareProfile.Stage stage : List.of(p.attention(), p.moe())) {
                // non-negative by construction (NNLS); a µs-scale step cannot take a second
                assertThat(stage.overheadUs().value()).isGreaterThanOrEqualTo(0).isLessThan(1e6);
                assertThat(stage.memoryBandwidthBytesPerS().value() + stage.flopsPerS().value())
                        .as("a stage whose time grows with nothing").isPositive();
            }

            ModelDescription description = ModelDescriptions.load(model.toString());
            LayerLatency latency = new LayerLatency(description, p);
            assertThat(latency.attentionNanosAt(8, 512)).isGreaterThan(latency.attentionNanosAt(1, 16)).isPositive();
            Sizing s = Planner.analytic(description, p, PlannerOptions.DEFAULTS.withBounds(8, 8))
                    .plan(new PlanRequest(1, 64, 32, 10_000)).sizing();
            assertThat(s.feasible()).as(String.valueOf(s.reason())).isTrue();
            // not isPositive: when NNLS fits both overheads to 0 (it did on a loaded CI machine), an
            // empty step costs nothing and at 1 request/s the fixed point of Little's law is the empty batch
            // (a step with tokens in it costs time: attentionNanosAt above)
            assertThat(s.predictedTpotMs()).isNotNegative().isLessThanOrEqualTo(10_000);
        } finally {
            for (ServiceProcess s : services.reversed()) {
                s.close();
            }
        }
    }
}
