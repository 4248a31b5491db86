package dev.janus.attention.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.scheduling.PlannerInput.Limits;
import dev.janus.attention.scheduling.PlannerInput.Running;
import dev.janus.attention.scheduling.PlannerInput.Waiting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of the pure scheduling policy over seeded random inputs and simulated runs. */
class StepPlannerTest {

    private static final int BLOCK = 4;

    /** A simulated sequence: id, tokens known, tokens computed, blocks held (no sharing in the simulation). */
    private static final class Seq {
        final int id;
        int total;
        final int goal;
        int computed;
        int blocks;

        Seq(int id, int total, int goal) {
            this.id = id;
            this.total = total;
            this.goal = goal;
        }
    }

    @Test
    void oneStepNeverExceedsItsBudgetsDecodesFirstAndAdmitsInOrder() {
        Random rnd = new Random(15);
        for (int c = 0; c < 2000; c++) {
            int totalBlocks = 8 + rnd.nextInt(40);
            Limits limits = new Limits(rnd.nextInt(totalBlocks + 1), totalBlocks, BLOCK, 8 + rnd.nextInt(40), 1 + rnd.nextInt(16), 1 + rnd.nextInt(8));
            List<Running<Integer>> running = new ArrayList<>();
            int id = 0;
            for (int i = rnd.nextInt(limits.maxRunning() + 1); i > 0; i--) {
                int computed = rnd.nextInt(30);
                int total = computed + (rnd.nextBoolean() ? 1 : 1 + rnd.nextInt(20));
                int held = limits.blocksFor(computed);
                running.add(new Running<>(id++, computed, total, held, rnd.nextInt(held + 1)));
            }
            List<Waiting<Integer>> waiting = new ArrayList<>();
            for (int i = rnd.nextInt(6); i > 0; i--) {
                int total = 1 + rnd.nextInt(60);
                int cached = rnd.nextInt(total) / BLOCK * BLOCK;
                waiting.add(new Waiting<>(id++, total, cached, rnd.nextInt(cached / BLOCK + 1)));
            }
            StepPlan<Integer> plan = StepPlanner.plan(new PlannerInput<>(running, waiting, limits));
            check(plan, running, waiting, limits);
        }
    }

    private static void check(StepPlan<Integer> plan, List<Running<Integer>> running, List<Waiting<Integer>> waiting, Limits limits) {
        int blocks = 0;
        int tokens = 0;
        boolean prefillSeen = false;
        Set<Integer> planned = new HashSet<>();
        for (StepPlan.Chunk<Integer> c : plan.chunks()) {
            assertThat(planned.add(c.seq())).as("one chunk per sequence").isTrue();
            tokens += c.count();
            Running<Integer> r = running.stream().filter(x -> x.seq().equals(c.seq())).findFirst().orElse(null);
            if (r != null) {
                blocks += Math.max(0, limits.blocksFor(r.computed() + c.count()) - r.heldBlocks());
                assertThat(c.count()).isBetween(1, r.uncomputed());
                if (r.uncomputed() == 1) {
                    assertThat(prefillSeen).as("decode tokens come before prompt chunks").isFalse();
                } else {
                    prefillSeen = true;
                }
            } else {
                Waiting<Integer> w = waiting.stream().filter(x -> x.seq().equals(c.seq())).findFirst().orElseThrow();
                blocks += w.pinnedBlocks() + limits.blocksFor(w.cachedTokens() + c.count()) - w.cachedTokens() / BLOCK;
                prefillSeen = true;
            }
        }
        int released = running.stream().filter(r -> plan.preempted().contains(r.seq()) || plan.outOfMemory().contains(r.seq()))
                .mapToInt(Running::releasableBlocks).sum();
        assertThat(blocks).as("blocks of the plan").isLessThanOrEqualTo(limits.freeBlocks() + released);
        assertThat(tokens).isLessThanOrEqualTo(limits.maxStepTokens());
        assertThat(plan.chunks().size()).isLessThanOrEqualTo(limits.maxRunning());
        for (Running<Integer> r : running) {
            boolean gone = plan.preempted().contains(r.seq()) || plan.outOfMemory().contains(r.seq());
            if (r.uncomputed() == 1 && !gone) {
                assertThat(planned).as("every running decode not preempted gets its token").contains(r.seq());
            }
        }
        List<Integer> admitted = plan.chunks().stream().filter(StepPlan.Chunk::admitted).map(StepPlan.Chunk::seq).toList();
        if (!plan.preempted().isEmpty()) {
            assertThat(admitted).as("no admission while memory is short").isEmpty();
        }
        List<Integer> decided = waiting.stream().map(Waiting::seq).filter(s -> admitted.contains(s) || plan.rejected().contains(s)).toList();
        assertThat(decided).as("first come first served").isEqualTo(waiting.stream().map(Waiting::seq).limit(decided.size()).toList());
    }

    @Test
    void simulatedRunsFinishEverySequenceWithinTheBlockBudget() {
        Random rnd = new Random(7);
        for (int c = 0; c < 200; c++) {
            int totalBlocks = 6 + rnd.nextInt(20);
            List<Seq> waiting = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(12); i++) {
                int prompt = 1 + rnd.nextInt(totalBlocks * BLOCK / 2);
                waiting.add(new Seq(i, prompt, prompt + 1 + rnd.nextInt(totalBlocks * BLOCK / 2 - 1)));
            }
            int count = waiting.size();
            List<Seq> running = new ArrayList<>();
            int finished = 0;
            int maxRunning = 1 + rnd.nextInt(6);
            for (int step = 0; finished < count; step++) {
                assertThat(step).as("case %d: every sequence finishes (no starvation)", c).isLessThan(20_000);
                int used = running.stream().mapToInt(s -> s.blocks).sum();
                Limits limits = new Limits(totalBlocks - used, totalBlocks, BLOCK, 16, 8, maxRunning);
                List<Running<Seq>> r = running.stream().map(s -> new Running<>(s, s.computed, s.total, s.blocks, s.blocks)).toList();
                List<Waiting<Seq>> w = waiting.stream().map(s -> new Waiting<>(s, s.total, 0, 0)).toList();
                StepPlan<Seq> plan = StepPlanner.plan(new PlannerInput<>(r, w, limits));
                for (Seq s : plan.preempted()) {
                    running.remove(s);
                    s.blocks = 0;
                    s.computed = 0;
                    waiting.addFirst(s);
                }
                for (Seq s : plan.outOfMemory()) {
                    running.remove(s);
                    finished++;
                }
                assertThat(plan.rejected()).isEmpty();
                for (StepPlan.Chunk<Seq> ch : plan.chunks()) {
                    Seq s = ch.seq();
                    if (ch.admitted()) {
                        waiting.remove(s);
                        running.add(s);
                    }
                    s.blocks = Math.max(s.blocks, limits.blocksFor(s.computed + ch.count()));
                    s.computed += ch.count();
                    if (s.computed == s.total) {
                        s.total++; // the sampled token
                        if (s.total > s.goal) {
                            running.remove(s);
                            finished++;
                        }
                    }
                }
                assertThat(running.stream().mapToInt(s -> s.blocks).sum()).as("blocks held").isLessThanOrEqualTo(totalBlocks);
            }
        }
    }
}
