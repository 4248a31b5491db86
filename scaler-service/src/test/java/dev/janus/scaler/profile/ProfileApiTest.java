package dev.janus.scaler.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.LayerLatency;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.scaler.support.AdminHttp;
import dev.janus.scaler.support.AdminHttp.Reply;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** POST /admin/scaler/profile against simulated services: stored, used when asked, errors as problems. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.scaler.admin-keys=" + AdminHttp.KEY,
        "moe.internal.token=test-internal-token",
        "moe.scaler.model=deepseek-v2-like",
        "moe.scaler.auto.evaluate-every=1h"})
class ProfileApiTest {

    static final SimulatedServices SERVICES = new SimulatedServices();

    @TempDir
    static Path profiles;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("moe.scaler.signals.attention.uris", () -> SERVICES.attentionUri().toString());
        registry.add("moe.scaler.profile-dir", () -> profiles.toString());
    }

    @AfterAll
    static void stop() {
        SERVICES.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aSweepIsFittedStoredAndUsedWhenAsked() {
        AdminHttp admin = new AdminHttp(port);
        Reply r = admin.send("POST", "/admin/scaler/profile", "{\"experts\":[\"" + SERVICES.expertUri()
                + "\"],\"batches\":[1,2],\"prompt_tokens\":[16,400],\"output_tokens\":16,\"repeats\":1,\"use\":true}",
                AdminHttp.KEY);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode answer = r.json();
        assertThat(answer.path("in_use").asBoolean()).isTrue();
        String file = answer.path("file").asString();
        assertThat(file).startsWith(profiles.toString());
        assertThat(answer.path("profile_in_use").asString()).isEqualTo(file);
        HardwareProfile stored = HardwareProfiles.read(Path.of(file));
        assertThat(stored.fit().samples()).isEqualTo(4 + 4);
        // the simulated steps come back from the fitted model (each request decoded alone: batch 1;
        // the constant part splits between overhead and the weight read, their sum is what is fitted)
        LayerLatency fitted = new LayerLatency(ModelDescriptions.builtIn("deepseek-v2-like"), stored);
        for (double context : new double[] {30, 300}) {
            assertThat(fitted.attentionNanosAt(1, context)).isCloseTo(20_000 + 10 * context, within(200.0));
        }
        assertThat(stored.source()).contains(SERVICES.attentionUri().toString()).contains("deepseek-v2-like");

        Reply plan = admin.get("/admin/scaler/plan?rate=0.01&slo_ms=60000&prompt_tokens=64&output_tokens=16");
        assertThat(plan.status()).as(plan.text()).isEqualTo(200);
        assertThat(plan.json().path("profile").asString()).isEqualTo(file);
    }

    @Test
    void badSweepsAndUnreachableServicesAreProblems() throws Exception {
        AdminHttp admin = new AdminHttp(port);
        Reply few = admin.send("POST", "/admin/scaler/profile", "{\"experts\":[\"" + SERVICES.expertUri()
                + "\"],\"batches\":[1],\"prompt_tokens\":[16,32]}", AdminHttp.KEY);
        assertThat(few.status()).isEqualTo(400);
        assertThat(few.text()).contains("at least 3 sweep points");
        Reply none = admin.send("POST", "/admin/scaler/profile", "{\"experts\":[]}", AdminHttp.KEY);
        assertThat(none.status()).isEqualTo(400);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Reply down = admin.send("POST", "/admin/scaler/profile", "{\"attention\":\"http://127.0.0.1:" + closed
                + "\",\"experts\":[\"" + SERVICES.expertUri() + "\"]}", AdminHttp.KEY);
        assertThat(down.status()).isEqualTo(502);
        assertThat(down.contentType()).contains("application/problem+json");
        assertThat(down.text()).contains("profile_failed");
        assertThat(admin.send("POST", "/admin/scaler/profile", "{}", null).status()).isEqualTo(401);
    }
}
