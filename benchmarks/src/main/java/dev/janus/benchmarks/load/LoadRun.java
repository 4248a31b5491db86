package dev.janus.benchmarks.load;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * One closed-loop run: {@code concurrency} streams, each sending its next request as soon as its
 * last one ended, until {@code requests} requests are done. With requests a multiple of the
 * concurrency and equal requests, the streams start and end together: every step of the server
 * sees the same batch size.
 *
 * @param results   per request, in request order
 * @param wallNanos first send → last request done
 */
record LoadRun(List<RequestResult> results, long wallNanos) {

    static LoadRun run(StreamingClient client, URI base, IntFunction<String> bodies, int concurrency, int requests) {
        RequestResult[] results = new RequestResult[requests];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        // virtual threads: a stream spends its time blocked on the socket
        try (ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < concurrency; s++) {
                streams.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests; ) {
                        results[i] = client.stream(base, bodies.apply(i));
                    }
                });
            }
        } // close() waits for every stream
        return new LoadRun(Arrays.asList(results), System.nanoTime() - start);
    }
}
