package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * attention-service with moe.experts.transport=grpc against three MoE-instance gRPC servers
 * (comm-lib's ExpertStreamService over the experts each hosts under the same round-robin
 * placement that expert-service computes; expert-service's own SplitDeploymentTest runs the real
 * application): the API's greedy completions are the golden ones, and once the only host of some
 * experts is stopped a request fails with an error naming it instead of hanging.
 */
class SplitModeTest {

    private static final int INSTANCES = 3;
    private static final int REDUNDANT = 4;

    @Test
    void grpcModeServesTheGoldenTokensAndReportsAStoppedInstance() throws Exception {
        List<Server> servers = new ArrayList<>();
        List<Model> hosts = new ArrayList<>();
        ConfigurableApplicationContext ctx = null;
        try (ComputePool pool = new ComputePool(1, "split-mode-experts")) {
            int layers;
            int experts;
            try (Model probe = Model.load(TinyModel.DIR, (l, e) -> false)) {
                layers = probe.config().numLayers();
                experts = probe.config().numExperts();
            }
            PlacementEpoch epoch = PlacementEpoch.roundRobin(1, layers, experts, INSTANCES, REDUNDANT, null);
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                Model host = Model.load(TinyModel.DIR, (layer, e) -> hosts(epoch.layer(layer), instance, e));
                hosts.add(host);
                ExpertWorker worker = new ExpertWorker(host.weights(), (layer, p) -> epoch.layer(layer).logicalOf(p),
                        new VectorMatmulKernel(pool));
                servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(new ExpertStreamService(() -> worker)).build().start());
            }
            String targets = servers.stream().map(s -> "127.0.0.1:" + s.getPort()).collect(Collectors.joining(","));
            ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                    "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                    "--moe.scheduler.kv-cache-tokens=4096", "--moe.experts.transport=grpc",
                    "--moe.experts.targets=" + targets, "--moe.experts.deadline=5s",
                    "--moe.placement.instances=" + INSTANCES, "--moe.placement.redundant-slots=" + REDUNDANT);
            RawApi api = new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());

            for (TinyModel.Golden g : TinyModel.all()) {
                RawApi.Reply r = api.post("/v1/completions", body(g.ids(), g.greedy().length));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(text(r)).as(Arrays.toString(g.greedy())).isEqualTo(decode(api, g.greedy()));
            }

            servers.get(2).shutdownNow().awaitTermination(); // the only host of some experts (E=8, R=4)
            TinyModel.Golden longest = TinyModel.all().stream().max((a, b) -> a.ids().length - b.ids().length).orElseThrow();
            long start = System.nanoTime();
            RawApi.Reply failed = api.post("/v1/completions", body(longest.ids(), 4));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(failed.body()).contains("MoE instance 2");
        } finally {
            if (ctx != null) {
                ctx.close();
            }
            for (Server s : servers) {
                s.shutdownNow();
            }
            for (Model m : hosts) {
                m.close();
            }
        }
    }

    private static boolean hosts(LayerPlacement placement, int instance, int logical) {
        for (int i = 0; i < placement.replicaCount(logical); i++) {
            if (placement.instanceOf(placement.replica(logical, i)) == instance) {
                return true;
            }
        }
        return false;
    }

    private static String body(int[] ids, int maxTokens) {
        return "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids) + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"ignore_eos\":true}";
    }

    private static String text(RawApi.Reply r) {
        return r.json().get("choices").get(0).get("text").asString();
    }

    private static String decode(RawApi api, int[] ids) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":0,\"echo\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return text(r);
    }
}
