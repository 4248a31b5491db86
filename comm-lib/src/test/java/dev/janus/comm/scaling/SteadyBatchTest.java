package dev.janus.comm.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Little's law's least fixed point, also where a second, unstable one exists. */
class SteadyBatchTest {

    @Test
    void affineTpotHasTheClosedFormFixedPoint() {
        // TPOT(B) = 20 ms + 0.01 ms per token, λ = 50 tokens/ms: τ = 20 + 0.5 τ → 40 ms
        double tau = SteadyBatch.stepTime(t -> 20 + 0.01 * 50 * t, 1000);
        assertThat(tau).isCloseTo(40, within(40 * 1e-6));
    }

    @Test
    void overloadAndTooTightALimitAreInfeasible() {
        assertThat(SteadyBatch.stepTime(t -> 20 + 1.5 * t, 1e6)).isNaN(); // slope λ·dTPOT/dB > 1
        assertThat(SteadyBatch.stepTime(t -> 20 + 0.5 * t, 39)).isNaN();
        assertThat(SteadyBatch.stepTime(t -> 20 + 0.5 * t, 40.001)).isCloseTo(40, within(1e-4));
    }

    @Test
    void findsTheLeastFixedPointNotTheUnstableOne() {
        // f(τ) = 2 + τ²/10 crosses τ at 5 - √5 (stable) and 5 + √5; f(limit) > limit
        double tau = SteadyBatch.stepTime(t -> 2 + t * t / 10, 100);
        assertThat(tau).isCloseTo(5 - Math.sqrt(5), within(1e-5));
    }

    @Test
    void convergesNearCapacityWhereIterationAloneCrawls() {
        double tau = SteadyBatch.stepTime(t -> 1 + 0.999 * t, 5000);
        assertThat(tau).isCloseTo(1000, within(1e-3));
    }
}
