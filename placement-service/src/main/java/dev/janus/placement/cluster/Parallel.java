package dev.janus.placement.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Calls every service at once, one virtual thread each, and waits for all of them at most
 * {@code timeout} in total: a rollout is as slow as its slowest instance, not their sum.
 */
public final class Parallel {

    /** What one call gave: a value, or the error that stands for it (a timeout included). */
    public record Outcome<T, R>(T target, R value, RuntimeException error) {

        public boolean ok() {
            return error == null;
        }

        public String message() {
            return error == null ? null : error.getMessage();
        }
    }

    private Parallel() {}

    public static <T, R> List<Outcome<T, R>> call(List<T> targets, Function<T, R> call, Duration timeout) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>();
            for (T target : targets) {
                futures.add(pool.submit(() -> call.apply(target)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Outcome<T, R>> outcomes = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                outcomes.add(await(targets.get(i), futures.get(i), deadline, timeout));
            }
            return outcomes;
        }
    }

    private static <T, R> Outcome<T, R> await(T target, Future<R> future, long deadline, Duration timeout) {
        try {
            return new Outcome<>(target, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome<>(target, null, new IllegalStateException("no answer within " + timeout.toMillis() + " ms"));
        } catch (ExecutionException e) {
            return new Outcome<>(target, null, e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(String.valueOf(e.getCause()), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new Outcome<>(target, null, new IllegalStateException("interrupted", e));
        }
    }
}
