package dev.janus.gateway.balance;

import dev.janus.gateway.config.GatewayProperties;
import io.netty.channel.ChannelOption;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Active readiness checks ({@code moe.gateway.health-check.*}): every interval each attention
 * instance's readiness probe is asked; 200 makes it a candidate of {@link AttentionPool}, anything
 * else (503 once Spring's graceful shutdown has set readiness to REFUSING_TRAFFIC, a refused
 * connection before it runs, no answer within the timeout) takes it out. All instances are checked
 * once before the gateway starts serving and new ones (discovery) as soon as they appear, so a
 * scale-out target joins within one interval of becoming ready, and an instance that shuts down
 * gracefully leaves within one interval, while it still finishes what it has (the requests sent
 * to it in that interval: see {@link LeastInFlightFilter}'s retry).
 *
 * <p>The probes use their own connections (one per probe, closed after it), not the routing
 * pool's, so a probe never competes with requests for a pooled connection.
 */
@Component
public class ReadinessChecks {

    private static final Logger log = LoggerFactory.getLogger(ReadinessChecks.class);

    private final AttentionPool pool;
    private final GatewayProperties.HealthCheck props;
    private final HttpClient http;
    private Disposable periodic;

    public ReadinessChecks(AttentionPool pool, GatewayProperties props) {
        this.pool = pool;
        this.props = props.healthCheck();
        this.http = HttpClient.newConnection()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(this.props.timeout().toMillis()))
                .responseTimeout(this.props.timeout());
    }

    @PostConstruct
    void start() {
        if (!props.enabled()) {
            return;
        }
        checkNow();
        periodic = Flux.interval(props.interval(), props.interval())
                .onBackpressureDrop() // a round slower than the interval: skip a tick, never overlap
                .concatMap(tick -> checkAll(pool.instances()), 1)
                .subscribe();
    }

    /** Checks every instance now and returns when all have answered or timed out (blocking: startup, discovery). */
    public void checkNow() {
        if (props.enabled()) {
            checkAll(pool.instances()).block(props.timeout().plus(props.timeout()));
        }
    }

    private Mono<Void> checkAll(List<AttentionInstance> instances) {
        return Flux.fromIterable(instances).flatMap(this::check).then();
    }

    private Mono<Void> check(AttentionInstance instance) {
        String probe = instance.uri().resolve(props.path()).toString();
        return http.get().uri(probe)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .timeout(props.timeout().plus(Duration.ofMillis(100)))
                .map(status -> status == 200 ? "" : "its readiness probe answered " + status)
                .onErrorResume(e -> Mono.just("its readiness probe failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage())))
                .doOnNext(notReadyBecause -> record(instance, notReadyBecause))
                .then();
    }

    private static void record(AttentionInstance instance, String notReadyBecause) {
        boolean ready = notReadyBecause.isEmpty();
        if (instance.markReady(ready)) {
            if (ready) {
                log.info("attention instance {} is ready: it takes requests", instance.uri());
            } else {
                log.info("attention instance {} is not ready, no new requests go to it ({}; {} in flight)",
                        instance.uri(), notReadyBecause, instance.inFlight());
            }
        }
    }

    @PreDestroy
    void stop() {
        if (periodic != null) {
            periodic.dispose();
        }
    }
}
