package dev.janus.scaler.moe;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * placement-service's admin API, as much as MoE scaling needs: a plan for N MoE instances
 * ({@code POST /admin/placement/plans {"instances": N}}, which re-plans every layer) and its
 * rollout ({@code POST /admin/placement/plans/{id}/apply}: prepare, commit, release).
 */
public final class PlacementClient {

    /**
     * @param version          the epoch rolled out
     * @param previousReleased whether every expert-service released the previous epoch
     */
    public record Rollout(long version, boolean previousReleased) {}

    private final URI base;
    private final RestClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public PlacementClient(URI base, String adminKey, Duration timeout) {
        this.base = base;
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        factory.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(factory).baseUrl(base.toString())
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + adminKey).build();
    }

    /** The current epoch's MoE instance count. */
    public int instances() {
        return call("GET /admin/placement", () -> http.get().uri("/admin/placement").retrieve().body(String.class))
                .path("instances").asInt();
    }

    /** Plans the current statistics onto {@code instances} MoE instances and rolls the plan out. */
    public Rollout rollTo(int instances) {
        JsonNode plan = call("POST /admin/placement/plans", () -> http.post().uri("/admin/placement/plans")
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(Map.of("instances", instances)))
                .retrieve().body(String.class));
        String id = plan.path("id").asString();
        JsonNode rollout = call("POST /admin/placement/plans/" + id + "/apply", () -> http.post()
                .uri("/admin/placement/plans/{id}/apply", id).retrieve().body(String.class));
        return new Rollout(rollout.path("version").asLong(), rollout.path("previous_released").asBoolean());
    }

    private JsonNode call(String what, java.util.function.Supplier<String> request) {
        try {
            return json.readTree(request.get());
        } catch (RestClientException e) {
            throw new MoeScalingException("placement-service at " + base + " refused " + what + ": " + e.getMessage(), e);
        }
    }
}
