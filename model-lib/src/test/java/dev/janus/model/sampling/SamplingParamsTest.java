package dev.janus.model.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    @Test
    void acceptsTheDocumentedRanges() {
        assertThat(new SamplingParams(0f, 1f, 0, null, false, 0).greedy()).isTrue();
        assertThat(new SamplingParams(0.7f, 0.9f, 40, 7L, true, 20).greedy()).isFalse();
        assertThat(new SamplingParams(1f, 1f, -1, null, true, 0).effectiveTopK(100)).isZero();
        assertThat(new SamplingParams(1f, 1f, 100, null, false, 0).effectiveTopK(100)).isZero();
        assertThat(new SamplingParams(1f, 1f, 5, null, false, 0).effectiveTopK(100)).isEqualTo(5);
    }

    @Test
    void rejectsNegativeOrNonFiniteTemperature() {
        assertThatThrownBy(() -> SamplingParams.ofTemperature(-0.1f, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingParams.ofTemperature(Float.NaN, null))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingParams.ofTemperature(Float.POSITIVE_INFINITY, null))
                .hasMessageContaining("temperature");
    }

    @Test
    void rejectsTopPOutsideZeroOne() {
        assertThatThrownBy(() -> new SamplingParams(1f, 0f, 0, null, false, 0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new SamplingParams(1f, 1.01f, 0, null, false, 0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new SamplingParams(1f, Float.NaN, 0, null, false, 0)).hasMessageContaining("top_p");
    }

    @Test
    void rejectsTopKBelowMinusOne() {
        assertThatThrownBy(() -> new SamplingParams(1f, 1f, -2, null, false, 0)).hasMessageContaining("top_k");
    }

    @Test
    void rejectsBadTopLogprobs() {
        assertThatThrownBy(() -> new SamplingParams(1f, 1f, 0, null, true, -1)).hasMessageContaining("top_logprobs");
        assertThatThrownBy(() -> new SamplingParams(1f, 1f, 0, null, true, 21)).hasMessageContaining("top_logprobs");
        assertThatThrownBy(() -> new SamplingParams(1f, 1f, 0, null, false, 3)).hasMessageContaining("requires logprobs");
    }
}
