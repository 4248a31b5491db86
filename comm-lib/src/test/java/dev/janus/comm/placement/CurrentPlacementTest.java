package dev.janus.comm.placement;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurrentPlacementTest {

    private static final PlacementEpoch V1 = PlacementEpoch.roundRobin(1, 2, 4, 2, 0, null);
    private static final PlacementEpoch V2 = PlacementEpoch.roundRobin(2, 2, 4, 2, 2, null);

    @Test
    void aStepKeepsTheEpochItAcquiredAcrossACommit() throws Exception {
        CurrentPlacement current = new CurrentPlacement(V1);
        PlacementEpoch step = current.acquire();
        assertThat(current.commit(V2)).isSameAs(V1);
        assertThat(step).isSameAs(V1);
        assertThat(current.acquire()).isSameAs(V2);
        assertThat(current.stepsInFlight(1)).isEqualTo(1);
        assertThat(current.awaitUnused(1, Duration.ofMillis(20))).as("a step still runs under v1").isFalse();
        current.release(step);
        assertThat(current.awaitUnused(1, Duration.ZERO)).isTrue();
        assertThat(current.awaitUnused(2, Duration.ZERO)).as("v2 is current").isFalse();
    }

    @Test
    void commitIfNewerNeverTakesTheProcessBack() {
        CurrentPlacement current = new CurrentPlacement(V1);
        java.util.List<Long> seen = new java.util.ArrayList<>();
        current.onCommit(e -> seen.add(e.version()));
        assertThat(current.commitIfNewer(V2)).isTrue();
        assertThat(current.get()).isSameAs(V2);
        assertThat(current.commitIfNewer(V1)).as("a slow read of an older epoch").isFalse();
        assertThat(current.commitIfNewer(V2)).as("the same version").isFalse();
        assertThat(current.get()).isSameAs(V2);
        assertThat(seen).containsExactly(2L);
        assertThatThrownBy(() -> current.commitIfNewer(PlacementEpoch.roundRobin(3, 3, 4, 2, 0, null)))
                .hasMessageContaining("this model has");
    }

    @Test
    void awaitUnusedReturnsWhenTheLastOldStepEnds() throws Exception {
        CurrentPlacement current = new CurrentPlacement(V1);
        PlacementEpoch a = current.acquire();
        PlacementEpoch b = current.acquire();
        current.commit(V2);
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return current.awaitUnused(1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        current.release(a);
        assertThat(current.stepsInFlight(1)).isEqualTo(1);
        current.release(b);
        assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void recommittingTheCurrentVersionIsANoOpButAnotherPlacementUnderItIsRefused() {
        CurrentPlacement current = new CurrentPlacement(V1);
        assertThat(current.commit(PlacementEpoch.roundRobin(1, 2, 4, 2, 0, null))).isSameAs(V1);
        assertThatThrownBy(() -> current.commit(V2.withVersion(1)))
                .hasMessageContaining("version 1 is current with another placement");
    }

    @Test
    void anEpochOfAnotherModelShapeIsRefused() {
        CurrentPlacement current = new CurrentPlacement(V1);
        assertThatThrownBy(() -> current.commit(PlacementEpoch.roundRobin(2, 3, 4, 2, 0, null)))
                .hasMessageContaining("4 experts in 3 layers; this model has 4 experts in 2 layers");
        assertThat(current.get()).isSameAs(V1);
    }

    @Test
    void listenersSeeEveryChange() {
        CurrentPlacement current = new CurrentPlacement(V1);
        long[] seen = new long[1];
        current.onCommit(e -> seen[0] = e.version());
        current.commit(V2);
        assertThat(seen[0]).isEqualTo(2);
    }
}
