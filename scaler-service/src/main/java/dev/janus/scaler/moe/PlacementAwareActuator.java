package dev.janus.scaler.moe;

import dev.janus.scaler.actuate.Actuator;
import dev.janus.scaler.control.Sizes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaling MoE instances = placement change + process change (DESIGN.md §10), around another
 * actuator that only starts and stops them:
 * <ul>
 *   <li>out (n → m): start instances n..m-1, wait until each answers
 *       {@code /actuator/health/readiness}, then roll out an epoch for m instances;</li>
 *   <li>in (n → m): roll out an epoch for m instances, and stop n-1..m only when placement-service
 *       says every expert-service released the previous epoch (no step can still use them);
 *       otherwise they keep running and the next apply tries again.</li>
 * </ul>
 * Attention instances scale behind the gateway without an epoch, so they are passed through.
 */
public final class PlacementAwareActuator implements Actuator {

    private static final Logger log = LoggerFactory.getLogger(PlacementAwareActuator.class);

    private final Actuator processes;
    private final PlacementClient placement;
    private final IntFunction<URI> expertUri;
    private final Duration readyTimeout;
    private final Duration pollEvery;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param expertUri the HTTP base URI of MoE instance i (its readiness probe) */
    public PlacementAwareActuator(Actuator processes, PlacementClient placement, IntFunction<URI> expertUri,
                                  Duration readyTimeout, Duration pollEvery, Clock clock) {
        this.processes = processes;
        this.placement = placement;
        this.expertUri = expertUri;
        this.readyTimeout = readyTimeout;
        this.pollEvery = pollEvery;
        this.clock = clock;
    }

    @Override
    public String name() {
        return processes.name() + "+placement";
    }

    @Override
    public Sizes current() {
        return processes.current();
    }

    @Override
    public String scale(Sizes target) {
        Sizes now = processes.current();
        if (target.moe() > now.moe()) {
            String started = processes.scale(target);
            for (int i = now.moe(); i < target.moe(); i++) {
                awaitReady(i);
            }
            PlacementClient.Rollout r = placement.rollTo(target.moe());
            return started + "; epoch " + r.version() + " uses " + target.moe() + " MoE instances";
        }
        if (target.moe() < now.moe()) {
            PlacementClient.Rollout r = placement.rollTo(target.moe());
            if (!r.previousReleased()) {
                log.warn("epoch {} on {} MoE instances is out, but the previous epoch is not released everywhere: "
                        + "MoE instances {}..{} keep running", r.version(), target.moe(), target.moe(), now.moe() - 1);
                return processes.scale(new Sizes(target.attention(), now.moe())) + "; epoch " + r.version()
                        + " uses " + target.moe() + " MoE instances, but the previous epoch is not released yet: "
                        + "MoE instances kept running until a later apply";
            }
            return "epoch " + r.version() + " uses " + target.moe() + " MoE instances, previous released; "
                    + processes.scale(target);
        }
        return processes.scale(target);
    }

    private void awaitReady(int instance) {
        URI probe = expertUri.apply(instance).resolve("/actuator/health/readiness");
        Instant deadline = clock.instant().plus(readyTimeout);
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(pollEvery.plusSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoeScalingException("interrupted waiting for MoE instance " + instance);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new MoeScalingException("MoE instance " + instance + " was not ready at " + probe + " within "
                        + readyTimeout + "; no epoch uses it");
            }
            try {
                Thread.sleep(pollEvery); // a real wait for a process to start, not test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoeScalingException("interrupted waiting for MoE instance " + instance);
            }
        }
    }

    /** The wrapped actuator's processes stop with scaler-service, as they would unwrapped. */
    @Override
    public void close() {
        processes.close();
    }
}
