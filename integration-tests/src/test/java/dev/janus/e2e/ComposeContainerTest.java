package dev.janus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.testsupport.Docker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Where a Docker engine runs: docker-compose.yml brought up for real (the images built first with
 * {@code ./mvnw -DskipTests package jib:dockerBuild -pl gateway-service,attention-service,expert-service,placement-service,scaler-service,cli -am})
 * and a chat completion through the published gateway. Without an engine it is skipped with the reason.
 */
class ComposeContainerTest {

    private static final List<String> IMAGES = List.of("cli", "gateway-service", "attention-service", "expert-service",
            "placement-service", "scaler-service");

    @Test
    void composeUpServesAChatCompletionThroughTheGateway() throws Exception {
        Assumptions.assumeTrue(Docker.available(), "no Docker engine: docker-compose.yml is checked by ComposeFileTest "
                + "and run as local processes by ComposeTopologyTest");
        String tag = ComposeFiles.filledEnv().get("JANUS_VERSION");
        for (String image : IMAGES) {
            boolean present = !DockerClientFactory.instance().client().listImagesCmd()
                    .withImageNameFilter("janus/" + image + ":" + tag).exec().isEmpty();
            Assumptions.assumeTrue(present, "image janus/" + image + ":" + tag + " is not built (see the class comment)");
        }
        try (ComposeContainer compose = new ComposeContainer(ComposeFiles.COMPOSE.toFile())
                .withEnv(ComposeFiles.filledEnv())
                .withExposedService("gateway-service", 8080, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(10)))) {
            compose.start();
            String gateway = "http://" + compose.getServiceHost("gateway-service", 8080) + ":"
                    + compose.getServicePort("gateway-service", 8080);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/v1/chat/completions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ComposeFiles.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"default-small-mixtral\",\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"Hello!\"}],\"max_tokens\":8}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(r.body()).get("choices").get(0).get("message").get("content").asText())
                    .isNotEmpty();
        }
    }
}
