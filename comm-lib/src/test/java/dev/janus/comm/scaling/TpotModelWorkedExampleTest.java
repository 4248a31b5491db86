package dev.janus.comm.scaling;

import static dev.janus.comm.scaling.WorkedExample.NANOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** TpotModel's worked example, number by number (hand-computed in its class comment). */
class TpotModelWorkedExampleTest {

    final LayerLatency latency = new LayerLatency(WorkedExample.model(), WorkedExample.profile());
    final Deployment shape = Deployment.disaggregated(2, 4, 0, CommPolicy.ADAPTIVE, 2);
    final StepLoad load = StepLoad.decode(128, 1000);

    @Test
    void componentsMatchTheHandComputedValues() {
        assertThat(WorkedExample.model().attentionParamsPerMoeLayer()).isEqualTo(2_629_632L);
        assertThat(latency.attentionNanosAt(64, 1000)).isCloseTo(80_795.264, within(NANOS));
        assertThat(latency.moeNanos(new MoeActivity(3, 40))).isCloseTo(19_437.184, within(NANOS));
        assertThat(latency.dispatchNanos(shape, 64)).isCloseTo(27_160.96, within(NANOS));
        assertThat(latency.combineNanos(shape, 64)).isCloseTo(27_898.24, within(NANOS));
        assertThat(latency.commNanos(shape, 64)).isCloseTo(55_059.2, within(NANOS));
        assertThat(latency.headNanos(64)).isCloseTo(12_048, within(NANOS));
        Deployment direct = Deployment.disaggregated(2, 4, 0, CommPolicy.DIRECT, 1);
        assertThat(latency.dispatchNanos(direct, 64)).isCloseTo(44_587.52, within(NANOS));
        assertThat(latency.combineNanos(direct, 64)).isCloseTo(45_242.88, within(NANOS));
    }

    @Test
    void tpotWithoutAndWithPingPong() {
        TpotModel model = WorkedExample.tpotModel();
        assertThat(model.tpotNanos(shape, load, 1)).isCloseTo(322_631.296, within(NANOS));
        assertThat(model.stageNanos(shape, load, 2)).containsExactly(new double[] {48_027.264, 24_580.48, 19_437.184,
                24_949.12}, within(1e-3));
        assertThat(model.tpotNanos(shape, load, 2)).isCloseTo(294_063.36, within(1e-3));
        assertThat(model.tpotNanos(shape, load)).isCloseTo(294_063.36, within(1e-3));
        assertThat(model.bestMicroBatches(shape, load)).isEqualTo(2);
        assertThat(model.tpotNanos(shape.withoutOverlap(), load)).isCloseTo(322_631.296, within(NANOS));
    }

    @Test
    void colocatedHasNoCommunicationOnOneGpuAndFusesAttentionWithExperts() {
        TpotModel model = WorkedExample.tpotModel();
        Deployment one = Deployment.colocated(1, 0, CommPolicy.DIRECT, 1);
        // one GPU: attention on 128 tokens, experts, no exchange, head on 128 tokens
        double attention = latency.attentionNanosAt(128, 1000);
        double expected = 2 * (attention + latency.moeNanos(new MoeActivity(3, 40))) + latency.headNanos(128);
        assertThat(model.stageNanos(one, load, 1)).containsExactly(attention + 19_437.184, 0, 0);
        assertThat(model.tpotNanos(one, load)).isCloseTo(expected, within(NANOS));
    }
}
