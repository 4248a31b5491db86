package dev.janus.model.moe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The lazy, stable grouping by physical expert against a naive reference. */
class DispatchPlanTest {

    /** Rows of each physical expert in ascending row order, the naive way. */
    private static void assertGroupedLikeNaive(DispatchPlan plan) {
        int total = 0;
        for (int p = 0; p < plan.physicalExperts(); p++) {
            int i = 0;
            for (int r = 0; r < plan.rows(); r++) {
                if (plan.physical(r) == p) {
                    assertThat(plan.groupRow(p, i)).as("expert %d, row %d of its group", p, i).isEqualTo(r);
                    i++;
                }
            }
            assertThat(plan.groupSize(p)).as("expert %d", p).isEqualTo(i);
            total += i;
        }
        assertThat(total).isEqualTo(plan.rows());
    }

    @Test
    void groupsEveryShapeLikeTheNaiveReference() {
        SplittableRandom random = new SplittableRandom(1);
        DispatchPlan plan = new DispatchPlan();
        for (int c = 0; c < 400; c++) {
            // rows below, around and far above the expert count (two counting paths), any rows mod 4
            int experts = 1 + random.nextInt(300);
            int topK = 1 + random.nextInt(8);
            int tokens = random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(600);
            plan.reset(tokens, topK, experts);
            boolean skewed = random.nextBoolean();
            for (int r = 0; r < tokens * topK; r++) {
                plan.setPhysical(r, skewed && random.nextBoolean() ? random.nextInt(Math.min(3, experts)) : random.nextInt(experts));
            }
            if (random.nextBoolean()) {
                plan.group();
            }
            assertGroupedLikeNaive(plan);
        }
    }

    @Test
    void groupsLazilyAndRegroupsAfterEveryChange() {
        DispatchPlan plan = new DispatchPlan();
        plan.reset(2, 2, 3);
        plan.setPhysical(0, 2);
        plan.setPhysical(1, 0);
        plan.setPhysical(2, 2);
        plan.setPhysical(3, 1);
        // no group() call: the first read groups
        assertThat(plan.groupSize(2)).isEqualTo(2);
        assertThat(plan.groupRow(2, 0)).isZero();
        assertThat(plan.groupRow(2, 1)).isEqualTo(2);

        plan.setPhysical(0, 1); // e.g. failover to another replica after the plan was read
        assertThat(plan.groupSize(2)).isEqualTo(1);
        assertThat(plan.groupSize(1)).isEqualTo(2);
        assertThat(plan.groupRow(1, 0)).isZero();
        assertThat(plan.groupRow(1, 1)).isEqualTo(3);

        plan.reset(1, 1, 3); // a smaller step reuses the arrays
        plan.setPhysical(0, 0);
        assertGroupedLikeNaive(plan);
        assertThat(plan.groupSize(2)).isZero();
    }
}
