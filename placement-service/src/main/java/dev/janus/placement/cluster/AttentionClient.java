package dev.janus.placement.cluster;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.config.PlacementServiceProperties;
import java.net.URI;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * attention-service's endpoints placement-service uses:
 * <pre>
 *   PUT /internal/placement/current            body PlacementJson -> 200 {"version","previous"} once switched
 *                                              and no layer step uses the previous epoch any more
 *   GET /internal/placement/current            -> PlacementJson
 *   GET /internal/activation-stats             -> ActivationSnapshot (binary)
 *   GET /internal/activation-stats/routing     -> recent routing decisions, RoutingTraceWriter format (404: none)
 * </pre>
 */
@Component
public class AttentionClient {

    /** A commit answer. */
    public record Committed(long version, Long previous) {}

    private final ControlHttp http;
    private final JsonMapper json;
    private final PlacementServiceProperties props;

    public AttentionClient(ControlHttp http, JsonMapper json, PlacementServiceProperties props) {
        this.http = http;
        this.json = json;
        this.props = props;
    }

    public Committed commit(URI base, PlacementEpoch epoch) {
        ControlHttp.Answer a = http.putJson(currentUri(base), PlacementJson.encode(epoch), props.rollout().commitTimeout());
        return json.readValue(a.body(), Committed.class);
    }

    /** The epoch the instance runs; empty when it answers 404 (no epoch endpoint, or none yet). */
    public Optional<PlacementEpoch> current(URI base) {
        ControlHttp.Answer a = http.get(currentUri(base), props.rollout().requestTimeout(), true);
        return a.found() ? Optional.of(PlacementJson.decode(a.text())) : Optional.empty();
    }

    public ActivationSnapshot stats(URI base) {
        return ActivationSnapshot.decode(http.get(ControlHttp.resolve(base, "/internal/activation-stats"),
                props.stats().timeout(), false).body());
    }

    /** Recent routing decisions in RoutingTraceWriter's format; empty where the instance has none (404). */
    public Optional<byte[]> routing(URI base) {
        ControlHttp.Answer a = http.get(ControlHttp.resolve(base, "/internal/activation-stats/routing"),
                props.stats().timeout(), true);
        return a.found() ? Optional.of(a.body()) : Optional.empty();
    }

    private static URI currentUri(URI base) {
        return ControlHttp.resolve(base, "/internal/placement/current");
    }
}
