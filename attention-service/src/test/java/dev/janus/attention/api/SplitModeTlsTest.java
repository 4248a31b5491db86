package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import dev.janus.attention.config.RemoteExperts;
import dev.janus.comm.grpc.TestCertificates;
import dev.janus.comm.metrics.ExpertObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * moe.grpc.tls on the attention side, with a certificate the test makes (keytool): three MoE
 * instances serve over TLS, two attention-services of one node reach them two-phase through
 * member 0's node aggregator, itself served over TLS (aggregator-host 127.0.0.1, as ./run-local
 * binds it). Both members' greedy completions are the golden ones. An attention-service with TLS
 * on but without the trust store fails its requests with an error that names the handshake and
 * the setting to fix.
 */
class SplitModeTlsTest {

    private static final int INSTANCES = 3;
    private static final int REDUNDANT = 4;

    @TempDir
    Path dir;

    @Test
    void twoPhaseOverTlsServesTheGoldenTokensAndAnUntrustingServiceSaysWhy() throws Exception {
        TestCertificates certs = TestCertificates.make(dir);
        List<String> tls = List.of("--moe.grpc.tls.enabled=true", "--moe.grpc.tls.certificate-chain=" + certs.certificate(),
                "--moe.grpc.tls.private-key=" + certs.privateKey(), "--moe.grpc.tls.trust-certificates=" + certs.certificate());
        List<ConfigurableApplicationContext> apps = new ArrayList<>();
        try (MoeInstances moe = new MoeInstances(INSTANCES, REDUNDANT, i -> ExpertObserver.NONE, certs.server())) {
            ConfigurableApplicationContext host = start(apps, moe, tls, "--moe.node.members=2", "--moe.node.member=0",
                    "--moe.node.mode=two-phase", "--moe.node.aggregator-port=0", "--moe.node.aggregator-host=127.0.0.1");
            int aggregator = host.getBean(RemoteExperts.class).aggregatorPort();
            ConfigurableApplicationContext member = start(apps, moe, tls, "--moe.node.members=2", "--moe.node.member=1",
                    "--moe.node.mode=two-phase", "--moe.node.aggregator=127.0.0.1:" + aggregator);
            for (ConfigurableApplicationContext app : List.of(host, member)) {
                RawApi api = api(app);
                for (TinyModel.Golden g : TinyModel.all()) {
                    RawApi.Reply r = api.post("/v1/completions", body(g.ids(), g.greedy().length));
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    assertThat(text(r)).as(Arrays.toString(g.greedy())).isEqualTo(decode(api, g.greedy()));
                }
            }
            assertThat(member.getBean(RemoteExperts.class).commStats().phase1Messages()).as("through the aggregator")
                    .isPositive();

            ConfigurableApplicationContext untrusting = start(apps, moe, List.of("--moe.grpc.tls.enabled=true"));
            RawApi.Reply failed = api(untrusting).post("/v1/completions", body(TinyModel.all().getFirst().ids(), 2));
            // no MoE instance can be reached: 503 naming it, and the log-worthy cause in the message
            assertThat(failed.status()).as(failed.body()).isEqualTo(503);
            assertThat(failed.body()).contains("moe_instance_unavailable", "MoE instance", "TLS handshake failed",
                    "moe.grpc.tls.trust-certificates");
        } finally {
            for (ConfigurableApplicationContext app : apps.reversed()) {
                app.close();
            }
        }
    }

    private static ConfigurableApplicationContext start(List<ConfigurableApplicationContext> apps, MoeInstances moe,
                                                        List<String> tls, String... node) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--moe.model.path=" + TinyModel.DIR,
                "--moe.scheduler.compute-threads=1", "--moe.scheduler.kv-cache-tokens=4096", "--moe.experts.transport=grpc",
                "--moe.experts.targets=" + moe.targets(), "--moe.experts.deadline=10s",
                "--moe.placement.instances=" + INSTANCES, "--moe.placement.redundant-slots=" + REDUNDANT,
                "--moe.node.aggregation-timeout=100ms", "--moe.node.active-window=1s"));
        args.addAll(tls);
        args.addAll(Arrays.asList(node));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AttentionServiceApplication.class)
                .run(args.toArray(String[]::new));
        apps.add(ctx);
        return ctx;
    }

    private static RawApi api(ConfigurableApplicationContext ctx) {
        return new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());
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
