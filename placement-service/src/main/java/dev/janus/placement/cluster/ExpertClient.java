package dev.janus.placement.cluster;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.placement.config.PlacementServiceProperties;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * expert-service's placement control endpoints (prepare / release / list), implemented by each
 * MoE instance:
 * <pre>
 *   PUT    /internal/placement/epochs/{version}   body PlacementJson -> 200 {"version","instance","hosted_experts"}
 *   DELETE /internal/placement/epochs/{version}   -> 204 (idempotent)
 *   GET    /internal/placement/epochs             -> {"instance", "versions": [...]}
 * </pre>
 * Any non-2xx answer to a prepare means "not ready".
 */
@Component
public class ExpertClient {

    /** A prepare answer: the instance mapped the replicas it hosts in {@code version}. */
    public record Prepared(long version, int instance, int hostedExperts) {}

    /** The versions an instance serves (prepared, not released). */
    public record Versions(int instance, List<Long> versions) {}

    private final ControlHttp http;
    private final JsonMapper json;
    private final PlacementServiceProperties.Rollout timeouts;

    public ExpertClient(ControlHttp http, JsonMapper json, PlacementServiceProperties props) {
        this.http = http;
        this.json = json;
        this.timeouts = props.rollout();
    }

    public Prepared prepare(URI base, PlacementEpoch epoch) {
        ControlHttp.Answer a = http.putJson(epochUri(base, epoch.version()), PlacementJson.encode(epoch),
                timeouts.prepareTimeout());
        return json.readValue(a.body(), Prepared.class);
    }

    public void release(URI base, long version) {
        http.delete(epochUri(base, version), timeouts.requestTimeout(), true);
    }

    public Versions versions(URI base) {
        ControlHttp.Answer a = http.get(ControlHttp.resolve(base, "/internal/placement/epochs"),
                timeouts.requestTimeout(), false);
        return json.readValue(a.body(), Versions.class);
    }

    private static URI epochUri(URI base, long version) {
        return ControlHttp.resolve(base, "/internal/placement/epochs/" + version);
    }
}
