package dev.janus.placement.support;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.stats.ActivationSnapshot;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Stub expert- and attention-services around one model (L layers x E experts), all starting on
 * the round robin version 1 every real service computes from moe.placement (N, R). Declared as a
 * static {@code @RegisterExtension} field, the stubs stop after the test class.
 */
public final class StubCluster implements AutoCloseable, AfterAllCallback {

    public final Events events = new Events();
    public final List<StubExpert> experts;
    public final List<StubAttention> attention;
    public final PlacementEpoch initial;

    public StubCluster(int layers, int experts, int instances, int redundant, int attentionServices,
                       ActivationSnapshot stats) {
        this.initial = PlacementEpoch.roundRobin(1, layers, experts, instances, redundant, null);
        this.experts = IntStream.range(0, instances).mapToObj(i -> new StubExpert(i, events, initial)).toList();
        this.attention = IntStream.range(0, attentionServices)
                .mapToObj(i -> new StubAttention("a" + i, events, initial, stats)).toList();
    }

    /** Points placement-service at the stubs, with background jobs slowed to never (tests call them). */
    public void register(DynamicPropertyRegistry registry, String database) {
        registry.add("moe.placement-service.experts.uris",
                () -> experts.stream().map(e -> e.uri().toString()).collect(Collectors.joining(",")));
        registry.add("moe.placement-service.attention.uris",
                () -> attention.stream().map(a -> a.uri().toString()).collect(Collectors.joining(",")));
        registry.add("moe.placement-service.initial.instances", () -> initial.instances());
        registry.add("moe.placement-service.initial.redundant-slots", () -> redundantSlots(initial));
        registry.add("moe.placement-service.admin-keys", () -> AdminHttp.KEY);
        registry.add("moe.internal.token", () -> AdminHttp.INTERNAL_TOKEN);
        registry.add("moe.placement-service.stats.poll-interval", () -> "1h");
        registry.add("moe.placement-service.auto.check-every", () -> "1h");
        registry.add("moe.placement-service.rollout.reconcile-interval", () -> "1h");
        registry.add("moe.placement-service.rollout.republish-on-start", () -> "false");
        registry.add("moe.placement-service.rollout.prepare-timeout", () -> "5s");
        registry.add("moe.placement-service.rollout.commit-timeout", () -> "5s");
        registry.add("moe.placement-service.rollout.commit-attempts", () -> "3");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + database + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
    }

    static int redundantSlots(PlacementEpoch e) {
        int occupied = 0;
        for (int p = 0; p < e.physicalExperts(); p++) {
            occupied += e.layer(0).logicalOf(p) >= 0 ? 1 : 0;
        }
        return occupied - e.logicalExperts();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        experts.forEach(StubExpert::close);
        attention.forEach(StubAttention::close);
    }
}
