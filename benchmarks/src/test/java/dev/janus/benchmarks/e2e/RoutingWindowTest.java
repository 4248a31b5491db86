package dev.janus.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingWindowTest {

    /** top-2 routing of {@code tokens} tokens whose token t chooses experts (first + t) % 4 and (first + t + 1) % 4. */
    private static RoutingDecision routing(int tokens, int first) {
        RoutingDecision r = new RoutingDecision();
        r.reset(tokens, 2);
        for (int t = 0; t < tokens; t++) {
            r.set(t, 0, (first + t) % 4, 0.5f);
            r.set(t, 1, (first + t + 1) % 4, 0.5f);
        }
        return r;
    }

    @Test
    void aTraceIsSplitInHalvesPerLayerAndItsLayersMappedOntoTheModelsMoeLayers() {
        // trace layers 0 and 1 (4 tokens each); the model's MoE layers are 1, 2 and 3 (layer 0 dense)
        var trace = new RoutingTraceReader.Trace(4, 2, List.of(
                new RoutingTraceReader.Entry(0, routing(4, 0)), new RoutingTraceReader.Entry(1, routing(4, 2))));

        RoutingWindow[] halves = RoutingWindow.fromTrace(trace, 4, new int[] {1, 2, 3});

        // model layer 1 <- trace layer 0, 2 <- trace layer 1, 3 <- trace layer 0 again; 2 tokens per half
        assertThat(halves[0].minTokens()).isEqualTo(2);
        List<RoutingTraceReader.Entry> first = halves[0].batches(2);
        assertThat(first).extracting(RoutingTraceReader.Entry::layer).containsExactly(1, 2, 3);
        assertThat(first.get(0).routing().expert(1, 1)).isEqualTo(2);  // trace layer 0, token 1
        assertThat(first.get(1).routing().expert(0, 0)).isEqualTo(2);  // trace layer 1, token 0
        assertThat(halves[1].batches(2).get(0).routing().expert(0, 0)).isEqualTo(2); // trace layer 0, token 2
    }

    @Test
    void batchesDropTheRemainderAndStatisticsCountEveryRecordedToken() {
        RoutingWindow w = new RoutingWindow(2, 4, 2);
        w.onRouting(1, routing(5, 0));

        assertThat(w.batches(2)).hasSize(2);
        ActivationSnapshot s = w.statistics();
        assertThat(s.count(1, 0) + s.count(1, 1) + s.count(1, 2) + s.count(1, 3)).isEqualTo(10);
        assertThat(s.count(1, 1)).isEqualTo(3); // tokens 0, 1 and 4
        assertThat(s.coactivation(1, 0, 1)).isEqualTo(2); // tokens 0 and 4
        assertThat(s.count(0, 0)).isZero();
    }

    @Test
    void fillHandsOutTheLayersRecordedTokensInOrderAndWrapsAround() {
        RoutingWindow w = new RoutingWindow(1, 4, 2);
        w.onRouting(0, routing(3, 0));
        RoutingDecision r = routing(2, 3); // the router's choice, replaced

        w.fill(0, r);
        assertThat(new int[] {r.expert(0, 0), r.expert(1, 0)}).containsExactly(0, 1);
        w.fill(0, r);
        assertThat(new int[] {r.expert(0, 0), r.expert(1, 0)}).containsExactly(2, 0);
        assertThat(r.weight(1, 1)).isEqualTo(0.5f);
    }
}
