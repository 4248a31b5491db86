package dev.janus.comm.scaling.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.janus.comm.scaling.ProfileFit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two scrapes in the services' Prometheus names give one window's samples. */
class LayerCountersTest {

    static String attention(double seconds0, double seconds1, double steps, double tokens) {
        return """
                # HELP janus_attention_layer_seconds Attention part of one decoder layer
                # TYPE janus_attention_layer_seconds histogram
                janus_attention_layer_seconds_bucket{application="attention-service",layer="0",le="+Inf"} %s
                janus_attention_layer_seconds_count{application="attention-service",layer="0"} %s
                janus_attention_layer_seconds_sum{application="attention-service",layer="0"} %s
                janus_attention_layer_seconds_count{application="attention-service",layer="1"} %s
                janus_attention_layer_seconds_sum{application="attention-service",layer="1"} %s
                janus_attention_layer_tokens_count{application="attention-service"} %s
                janus_attention_layer_tokens_sum{application="attention-service"} %s
                janus_requests_total{endpoint="completions",status="200"} 3.0
                """.formatted(steps, steps, seconds0, steps, seconds1, 2 * steps, tokens);
    }

    static String expert(String id, double seconds, double batches, double rows, double activated) {
        return """
                janus_moe_expert_compute_seconds_count{layer="0",moe_instance="%1$s"} %3$s
                janus_moe_expert_compute_seconds_sum{layer="0",moe_instance="%1$s"} %2$s
                janus_moe_expert_batch_rows_count{moe_instance="%1$s"} %3$s
                janus_moe_expert_batch_rows_sum{moe_instance="%1$s"} %4$s
                janus_moe_expert_activated_experts_count{moe_instance="%1$s"} %3$s
                janus_moe_expert_activated_experts_sum{moe_instance="%1$s"} %5$s
                janus_moe_expert_idle_seconds_total{moe_instance="%1$s"} 9.0
                """.formatted(id, seconds, batches, rows, activated);
    }

    static LayerCounters scrape(String attention, String... experts) {
        return LayerCounters.of(PrometheusText.parse(attention),
                java.util.Arrays.stream(experts).map(PrometheusText::parse).toList());
    }

    @Test
    void theDifferenceOfTwoScrapesIsTheWindowsMeanStep() {
        LayerCounters a = scrape(attention(1.0, 1.0, 10, 40), expert("0", 0.5, 20, 100, 30), expert("1", 0.2, 20, 60, 20));
        // 100 more layer steps (50 per layer) of 4 tokens, 0.01 s in all: 100 µs each
        LayerCounters b = scrape(attention(1.005, 1.005, 60, 440), expert("0", 0.53, 40, 260, 90), expert("1", 0.2, 20, 60, 20));
        LayerCounters window = b.since(a);
        ProfileFit.AttentionSample s = window.attentionSample(77);
        assertThat(s.batch()).isCloseTo(4, within(1e-9));
        assertThat(s.context()).isEqualTo(77);
        assertThat(s.nanos()).isCloseTo(100_000, within(1e-3));
        // instance 1 computed nothing in the window: no sample; instance 0: 20 batches of 8 rows, 3 experts, 1.5 ms
        List<ProfileFit.MoeSample> moe = window.moeSamples();
        assertThat(moe).hasSize(1);
        assertThat(moe.getFirst().rows()).isCloseTo(8, within(1e-9));
        assertThat(moe.getFirst().activatedExperts()).isCloseTo(3, within(1e-9));
        assertThat(moe.getFirst().nanos()).isCloseTo(1_500_000, within(1e-3));
    }

    @Test
    void theMedianOfRepeatsCountsPerPartAndNegativeWindowsAreLeftOut() {
        // attention per step 0.1, 0.3 and -0.1 (a delayed shorter batch): the median of the two timed is the lower
        LayerCounters a = scrape(attention(0.5, 0.5, 5, 20), expert("0", 0.5, 10, 100, 30), expert("1", -0.1, 20, 60, 20));
        LayerCounters b = scrape(attention(1.5, 1.5, 5, 20), expert("0", 0.7, 10, 100, 30), expert("1", 0.2, 20, 60, 20));
        LayerCounters c = scrape(attention(-0.5, -0.5, 5, 20), expert("0", 0.6, 10, 100, 30), expert("1", 0.4, 20, 60, 20));
        LayerCounters m = LayerCounters.median(List.of(a, b, c));
        assertThat(m.attentionSeconds()).isEqualTo(1.0);
        assertThat(m.experts().get("0").computeSeconds()).isEqualTo(0.6);
        assertThat(m.experts().get("1").computeSeconds()).isEqualTo(0.2); // lower median of 0.2 and 0.4
        // nothing timed: the first window, which gives no sample
        assertThat(LayerCounters.median(List.of(c)).attentionSample(10)).isNull();
    }

    @Test
    void aWindowWithoutStepsHasNoAttentionSample() {
        LayerCounters a = scrape(attention(1, 1, 10, 40), expert("0", 0.5, 20, 100, 30));
        assertThat(a.since(a).attentionSample(10)).isNull();
        assertThat(a.since(a).moeSamples()).isEmpty();
    }

    @Test
    void scrapesOfTheWrongServicesAreRefused() {
        assertThatThrownBy(() -> scrape(expert("0", 1, 1, 1, 1), expert("0", 1, 1, 1, 1)))
                .hasMessageContaining("no janus_attention_layer_seconds");
        assertThatThrownBy(() -> scrape(attention(1, 1, 1, 1), attention(1, 1, 1, 1)))
                .hasMessageContaining("janus_moe_expert_* counters from 1 expert-services");
    }

    @Test
    void promptsAreDistinctAndInsideTheVocabulary() {
        String first = SweepLoad.prompt(50, 0, 512);
        // 496 requests, all with a different first token: no two share a prefix-cache block
        assertThat(java.util.stream.IntStream.range(0, 496).mapToObj(r -> SweepLoad.prompt(50, r, 512).split(",")[0])
                .distinct()).hasSize(496);
        List<Integer> ids = java.util.Arrays.stream(first.substring(1, first.length() - 1).split(",")).map(Integer::valueOf).toList();
        assertThat(ids).hasSize(50).allSatisfy(id -> assertThat(id).isBetween(8, 503));
        assertThatThrownBy(() -> new SweepPoint(1, 16, 4)).hasMessageContaining("output tokens >= 8");
    }
}
