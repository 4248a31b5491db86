package dev.janus.placement.support;

import com.sun.net.httpserver.HttpExchange;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * An expert-service's placement control endpoints: prepare (PUT), release (DELETE), list (GET)
 * epoch versions. Can refuse prepares, or hold them until released (a slow mapping).
 */
public final class StubExpert extends Stub {

    private final int instance;
    private final Events events;
    private final Map<Long, PlacementEpoch> prepared = new ConcurrentHashMap<>();
    private volatile boolean failPrepare;
    private volatile CountDownLatch holdPrepare;

    public StubExpert(int instance, Events events, PlacementEpoch initial) {
        this.instance = instance;
        this.events = events;
        prepared.put(initial.version(), initial);
    }

    @Override
    void handle(HttpExchange exchange, String method, String path) throws IOException {
        if (path.equals("/internal/placement/epochs") && method.equals("GET")) {
            String versions = prepared.keySet().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
            send(exchange, 200, "{\"instance\":" + instance + ",\"versions\":[" + versions + "]}");
            return;
        }
        if (!path.startsWith("/internal/placement/epochs/")) {
            send(exchange, 404, "{}");
            return;
        }
        long version = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        switch (method) {
            case "PUT" -> prepare(exchange, version);
            case "DELETE" -> {
                events.add("release e" + instance + " v" + version);
                prepared.remove(version);
                send(exchange, 204, "");
            }
            default -> send(exchange, 405, "{}");
        }
    }

    private void prepare(HttpExchange exchange, long version) throws IOException {
        PlacementEpoch epoch = PlacementJson.decode(body(exchange));
        events.add("prepare e" + instance + " v" + version);
        CountDownLatch hold = holdPrepare;
        if (hold != null) {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failPrepare || epoch.version() != version) {
            send(exchange, 503, "{\"detail\":\"cannot map the replicas\"}");
            return;
        }
        prepared.put(version, epoch);
        int hosted = 0;
        for (int l = 0; l < epoch.layers(); l++) {
            for (int p = instance * epoch.slotsPerInstance(); p < (instance + 1) * epoch.slotsPerInstance(); p++) {
                hosted += epoch.layer(l).logicalOf(p) >= 0 ? 1 : 0;
            }
        }
        send(exchange, 200, "{\"version\":" + version + ",\"instance\":" + instance + ",\"hosted_experts\":" + hosted + "}");
    }

    public void failPrepare(boolean fail) {
        this.failPrepare = fail;
    }

    /** Prepares block until the returned latch counts down. */
    public CountDownLatch holdPrepares() {
        CountDownLatch latch = new CountDownLatch(1);
        holdPrepare = latch;
        return latch;
    }

    public void stopHolding() {
        holdPrepare = null;
    }

    /** As if the instance restarted: it serves exactly {@code epoch}. */
    public void restartWith(PlacementEpoch epoch) {
        prepared.clear();
        prepared.put(epoch.version(), epoch);
    }

    public Map<Long, PlacementEpoch> prepared() {
        return Map.copyOf(prepared);
    }
}
