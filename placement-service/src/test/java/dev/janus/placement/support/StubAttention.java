package dev.janus.placement.support;

import com.sun.net.httpserver.HttpExchange;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.comm.stats.ActivationSnapshot;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An attention-service's endpoints placement-service uses: commit / read the current epoch,
 * the activation snapshot, and (optionally) recent routing.
 */
public final class StubAttention extends Stub {

    private final String name;
    private final Events events;
    private volatile PlacementEpoch current;
    private volatile ActivationSnapshot snapshot;
    private volatile byte[] routing;
    private final AtomicInteger failCommits = new AtomicInteger();

    public StubAttention(String name, Events events, PlacementEpoch current, ActivationSnapshot snapshot) {
        this.name = name;
        this.events = events;
        this.current = current;
        this.snapshot = snapshot;
    }

    @Override
    void handle(HttpExchange exchange, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "PUT /internal/placement/current" -> {
                PlacementEpoch next = PlacementJson.decode(body(exchange));
                events.add("commit " + name + " v" + next.version());
                if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    send(exchange, 503, "{\"detail\":\"busy\"}");
                    return;
                }
                long previous = current.version();
                current = next;
                send(exchange, 200, "{\"version\":" + next.version() + ",\"previous\":" + previous + "}");
            }
            case "GET /internal/placement/current" -> send(exchange, 200, PlacementJson.encode(current));
            case "GET /internal/activation-stats" -> send(exchange, 200, snapshot.encode(), "application/octet-stream");
            case "GET /internal/activation-stats/routing" -> {
                byte[] r = routing;
                if (r == null) {
                    send(exchange, 404, "{}");
                } else {
                    send(exchange, 200, r, "application/octet-stream");
                }
            }
            default -> send(exchange, 404, "{}");
        }
    }

    public PlacementEpoch current() {
        return current;
    }

    /** As if the instance restarted on another epoch. */
    public void current(PlacementEpoch epoch) {
        this.current = epoch;
    }

    public void snapshot(ActivationSnapshot s) {
        this.snapshot = s;
    }

    public void routing(byte[] trace) {
        this.routing = trace;
    }

    /** The next {@code n} commits answer 503. */
    public void failCommits(int n) {
        failCommits.set(n);
    }
}
