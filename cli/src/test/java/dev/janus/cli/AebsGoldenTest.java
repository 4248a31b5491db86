package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.PlanMetrics;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every physical id and a_max of every batch of fixtures/aebs (copied unchanged), per policy.
 * Lives in the cli module because it reads the fixtures with the CLI's {@link AebsVectorFile}.
 */
class AebsGoldenTest {

    static final List<String> FILES = List.of("golden_example.txt", "golden_counterexample.txt",
            "e8_t256_uniform.txt", "e8_t256_zipf1.2.txt");

    static AebsVectorFile fixture(String name) {
        try {
            return AebsVectorFile.read(Path.of(Objects.requireNonNull(
                    AebsGoldenTest.class.getResource("/fixtures/aebs/" + name), name).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Arguments> filesAndPolicies() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : FILES) {
            for (String policy : fixture(name).policies()) {
                cases.add(Arguments.of(name, policy));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("filesAndPolicies")
    void reproducesEveryPhysicalIdAndAMax(String name, String policyName) {
        AebsVectorFile file = fixture(name);
        int column = file.policies().indexOf(policyName);
        ActivationScheduler scheduler = SchedulingPolicy.fromName(policyName).create();
        PlacementEpoch epoch = PlacementEpoch.uniform(1, 1, file.logicalExperts(), file.instances(), file.slots());
        RoutingDecision routing = new RoutingDecision();
        DispatchPlan plan = new DispatchPlan();
        PlanMetrics metrics = new PlanMetrics();
        int k = file.topK();
        int rows = file.tokens() * k;
        for (int b = 0; b < file.batches().size(); b++) {
            AebsVectorFile.Batch batch = file.batches().get(b);
            routing.reset(file.tokens(), k);
            for (int r = 0; r < rows; r++) {
                routing.set(r / k, r % k, batch.route()[r], 1f / k);
            }

            scheduler.schedule(routing, epoch, 0, plan);

            int[] physical = new int[rows];
            for (int r = 0; r < rows; r++) {
                physical[r] = plan.physical(r);
            }
            assertThat(physical).as("%s batch %d %s", name, b, policyName).containsExactly(batch.physical()[column]);
            assertThat(metrics.measure(plan, epoch).aMax()).as("%s batch %d %s a_max", name, b, policyName)
                    .isEqualTo(batch.aMax()[column]);
        }
    }

    @org.junit.jupiter.api.Test
    void theCounterexampleShowsWhyTheRepairPassIsTheDefault() {
        AebsVectorFile file = fixture("golden_counterexample.txt");
        int[] aMax = file.batches().getFirst().aMax();
        assertThat(aMax[file.policies().indexOf("aebs")]).isEqualTo(3);
        assertThat(aMax[file.policies().indexOf("static")]).isEqualTo(2);
        assertThat(aMax[file.policies().indexOf("aebs-rep")]).isEqualTo(2);
        assertThat(SchedulingPolicy.DEFAULT).isEqualTo(SchedulingPolicy.AEBS_REP);
    }
}
