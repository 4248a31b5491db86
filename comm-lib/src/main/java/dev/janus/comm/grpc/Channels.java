package dev.janus.comm.grpc;

import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Orderly shutdown of client channels: let calls in flight end, but not for more than 5 s. */
final class Channels {

    private Channels() {
    }

    static void shutdown(List<ManagedChannel> channels) {
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.shutdownNow();
            }
        }
    }
}
