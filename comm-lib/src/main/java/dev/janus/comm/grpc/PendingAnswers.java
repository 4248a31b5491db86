package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.InstanceResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers one bidirectional stream still owes, by key: registered before the request is
 * sent, gone once completed (by the answer, or by the caller's deadline or cancel), failed all
 * together when the stream breaks.
 */
final class PendingAnswers<K> {

    private final Map<K, CompletableFuture<InstanceResult>> pending = new ConcurrentHashMap<>();

    CompletableFuture<InstanceResult> expect(K key) {
        CompletableFuture<InstanceResult> f = new CompletableFuture<>();
        pending.put(key, f);
        f.whenComplete((r, e) -> pending.remove(key, f));
        return f;
    }

    /** The answer awaited for {@code key}; null when the caller gave up (deadline) before it came. */
    CompletableFuture<InstanceResult> get(K key) {
        return pending.get(key);
    }

    void failAll(Throwable error) {
        for (CompletableFuture<InstanceResult> f : pending.values()) {
            f.completeExceptionally(error);
        }
    }
}
