package dev.janus.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The live switch against three stub expert-services and two stub attention-services. */
class RolloutTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(2, 8, 3, 4, 2,
            new Snapshots(2, 8).tokens(4, 5, 1000).tokens(6, 7, 800).tokens(4, 6, 300).tokens(0, 1, 10).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "rollout");
    }

    @BeforeEach
    void everyServiceAnswersAndNothingHappenedYet() {
        CLUSTER.experts.forEach(e -> e.failPrepare(false));
        CLUSTER.attention.forEach(a -> a.failCommits(0));
        CLUSTER.events.clear();
    }

    @Test
    void aPlanForAnotherInstanceCountScalesMoeInstancesInAndOut() {
        long before = version();
        Reply in = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\",\"instances\":2,\"redundant_slots\":2}");
        assertThat(in.status()).as(in.text()).isEqualTo(201);
        Reply applied = admin.post("/admin/placement/plans/" + in.json().get("id").asText() + "/apply", null);
        assertThat(applied.status()).as(applied.text()).isEqualTo(200);
        long v = before + 1;
        // only instances 0 and 1 host the new epoch; every instance releases the old one (2 then hosts nothing)
        assertThat(CLUSTER.events.all()).containsExactlyInAnyOrder("prepare e0 v" + v, "prepare e1 v" + v,
                "commit a0 v" + v, "commit a1 v" + v,
                "release e0 v" + before, "release e1 v" + before, "release e2 v" + before);
        assertThat(CLUSTER.attention).allMatch(a -> a.current().instances() == 2);

        CLUSTER.events.clear();
        Reply out = admin.post("/admin/placement/plans", "{\"policy\":\"janus\",\"instances\":3}");
        assertThat(out.status()).as(out.text()).isEqualTo(201);
        assertThat(admin.post("/admin/placement/plans/" + out.json().get("id").asText() + "/apply", null).status())
                .isEqualTo(200);
        assertThat(CLUSTER.events.all()).contains("prepare e2 v" + (v + 1));
        assertThat(CLUSTER.attention).allMatch(a -> a.current().instances() == 3);

        // the scaler asks only for an instance count: on one instance the current R cannot be kept, it becomes 0
        Reply one = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\",\"instances\":1}");
        assertThat(one.status()).as(one.text()).isEqualTo(201);
        assertThat(one.json().get("redundant_slots").asInt()).isZero();
        Reply tooMany = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\",\"instances\":1,\"redundant_slots\":2}");
        assertThat(tooMany.status()).as("an explicit R stays checked").isEqualTo(400);
        Reply someLayers = admin.post("/admin/placement/plans", "{\"instances\":2,\"layers\":[0]}");
        assertThat(someLayers.status()).isEqualTo(400);
        assertThat(someLayers.json().get("detail").asText()).contains("re-plans every layer");
        // on 2 instances, a third known one (listed for a later scale-out) is not asked to release an
        // epoch of 2: it never held it, and its answer (it may not run) must not hold the rollout up
        applyInstances("eplb", 2);
        CLUSTER.events.clear();
        JsonNode twoToTwo = applyInstances("janus", 2);
        assertThat(twoToTwo.get("previous_released").asBoolean()).isTrue();
        assertThat(CLUSTER.events.all()).noneMatch(e -> e.startsWith("release e2"))
                .anyMatch(e -> e.startsWith("release e0")).anyMatch(e -> e.startsWith("release e1"));
        applyInstances("eplb", 3); // as the other tests expect
        Reply unknown = admin.post("/admin/placement/plans", "{\"policy\":\"eplb\",\"instances\":4}");
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(201);
        Reply refused = admin.post("/admin/placement/plans/" + unknown.json().get("id").asText() + "/apply", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("no expert-service is known as instance 3");
    }

    @Test
    void applyPreparesEveryExpertBeforeAnyCommitAndReleasesTheOldVersionAfterEveryCommit() {
        long before = version();
        String plan = plan("eplb");
        Reply r = admin.post("/admin/placement/plans/" + plan + "/apply", null);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode body = r.json();
        long v = before + 1;
        assertThat(body.get("version").asLong()).isEqualTo(v);
        assertThat(body.get("previous_version").asLong()).isEqualTo(before);
        assertThat(body.get("previous_released").asBoolean()).isTrue();
        assertThat(body.get("timings").get("total_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(body.get("experts")).hasSize(3).allMatch(e -> e.get("prepared").asBoolean()
                && e.get("released").asBoolean() && e.get("hosted_experts").asInt() > 0);
        assertThat(body.get("attention")).hasSize(2).allMatch(a -> a.get("committed").asBoolean());

        List<String> events = CLUSTER.events.all();
        assertThat(events).containsExactlyInAnyOrder("prepare e0 v" + v, "prepare e1 v" + v, "prepare e2 v" + v,
                "commit a0 v" + v, "commit a1 v" + v,
                "release e0 v" + before, "release e1 v" + before, "release e2 v" + before);
        assertThat(lastIndex(events, "prepare")).isLessThan(firstIndex(events, "commit"));
        assertThat(lastIndex(events, "commit")).isLessThan(firstIndex(events, "release"));
        assertThat(CLUSTER.attention).allMatch(a -> a.current().version() == v);

        JsonNode current = admin.get("/admin/placement").json();
        assertThat(current.get("version").asLong()).isEqualTo(v);
        assertThat(current.get("history").get(0).get("source").asText()).isEqualTo("plan");
        assertThat(current.get("history").get(0).get("plan_id").asText()).isEqualTo(plan);
        assertThat(admin.get("/admin/placement/plans/" + plan).json().get("applied_version").asLong()).isEqualTo(v);
        assertThat(PlacementJson.decode(admin.internal("/internal/placement/current").text()).version()).isEqualTo(v);
    }

    @Test
    void aFailingPrepareAbortsReleasesTheNewVersionAndTheOldEpochKeepsServing() {
        long before = version();
        CLUSTER.experts.get(2).failPrepare(true);
        Reply r = admin.post("/admin/placement/plans/" + plan("eplb") + "/apply", null);

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("code").asText()).isEqualTo("prepare_failed");
        assertThat(problem.get("detail").asText()).contains("MoE instance 2").contains("epoch " + before + " keeps serving");
        assertThat(problem.get("failed")).hasSize(1);
        assertThat(problem.get("failed").get(0).get("instance").asInt()).isEqualTo(2);
        long aborted = problem.get("version").asLong();
        assertThat(CLUSTER.events.of("release")).contains("release e0 v" + aborted, "release e1 v" + aborted);
        assertThat(CLUSTER.events.of("commit")).isEmpty();
        assertThat(CLUSTER.experts.get(0).prepared()).doesNotContainKey(aborted);
        assertThat(version()).isEqualTo(before);
        assertThat(CLUSTER.attention).allMatch(a -> a.current().version() == before);

        CLUSTER.experts.get(2).failPrepare(false);
        Reply retry = admin.post("/admin/placement/plans/" + plan("eplb") + "/apply", null);
        assertThat(retry.json().get("version").asLong()).as("an aborted version is never reused").isGreaterThan(aborted);
    }

    @Test
    void aSecondApplyWhileOneRunsIsRefusedWith409() throws Exception {
        String plan = plan("janus");
        CountDownLatch hold = CLUSTER.experts.get(1).holdPrepares();
        try {
            CompletableFuture<Reply> first = CompletableFuture.supplyAsync(
                    () -> admin.post("/admin/placement/plans/" + plan + "/apply", null));
            await().atMost(Duration.ofSeconds(20)).until(() -> !CLUSTER.events.of("prepare e1").isEmpty());

            Reply second = admin.post("/admin/placement/plans/" + plan + "/apply", null);
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("code").asText()).isEqualTo("rollout_in_progress");
            assertThat(admin.post("/admin/placement/rollback", null).status()).isEqualTo(409);

            hold.countDown();
            assertThat(first.get().status()).isEqualTo(200);
        } finally {
            CLUSTER.experts.get(1).stopHolding();
            hold.countDown();
        }
    }

    @Test
    void rollbackRestoresThePreviousPlacementAsANewVersion() {
        JsonNode a = admin.get("/admin/placement").json();
        PlacementEpoch aEpoch = PlacementJson.decode(admin.internal("/internal/placement/current").text());
        admin.post("/admin/placement/plans/" + plan("janus") + "/apply", null);
        long b = version();
        Reply r = admin.post("/admin/placement/rollback", null);

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("version").asLong()).isEqualTo(b + 1);
        assertThat(r.json().get("source").asText()).isEqualTo("rollback");
        JsonNode c = admin.get("/admin/placement").json();
        assertThat(c.get("version").asLong()).isEqualTo(b + 1);
        assertThat(c.get("placement")).isEqualTo(a.get("placement"));
        assertThat(c.get("history").get(0).get("source").asText()).isEqualTo("rollback");
        assertThat(CLUSTER.attention).allMatch(s -> s.current().version() == b + 1 && s.current().samePlacement(aEpoch));
    }

    @Test
    void aCommitThatFailsIsRetriedAndOneThatKeepsFailingIsReportedWithoutReleasingTheOldVersion() {
        CLUSTER.attention.get(0).failCommits(1);
        JsonNode retried = admin.post("/admin/placement/plans/" + plan("eplb") + "/apply", null).json();
        assertThat(retried.get("attention").get(0).get("committed").asBoolean()).isTrue();
        assertThat(retried.get("attention").get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(retried.get("previous_released").asBoolean()).isTrue();

        long before = version();
        CLUSTER.events.clear();
        CLUSTER.attention.get(1).failCommits(100);
        Reply r = admin.post("/admin/placement/plans/" + plan("round-robin") + "/apply", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode failed = r.json().get("attention").get(1);
        assertThat(failed.get("committed").asBoolean()).isFalse();
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("error").asText()).contains("503");
        assertThat(r.json().get("previous_released").asBoolean()).isFalse();
        assertThat(CLUSTER.events.of("release")).isEmpty();
        assertThat(CLUSTER.experts).allMatch(e -> e.prepared().containsKey(before));
        CLUSTER.attention.get(1).failCommits(0);
    }

    private JsonNode applyInstances(String policy, int instances) {
        Reply planned = admin.post("/admin/placement/plans", "{\"policy\":\"" + policy + "\",\"instances\":" + instances + "}");
        assertThat(planned.status()).as(planned.text()).isEqualTo(201);
        Reply applied = admin.post("/admin/placement/plans/" + planned.json().get("id").asText() + "/apply", null);
        assertThat(applied.status()).as(applied.text()).isEqualTo(200);
        return applied.json();
    }

    private String plan(String policy) {
        Reply r = admin.post("/admin/placement/plans", "{\"policy\":\"" + policy + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private long version() {
        return admin.get("/admin/placement").json().get("version").asLong();
    }

    private static int firstIndex(List<String> events, String prefix) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndex(List<String> events, String prefix) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith(prefix)) {
                last = i;
            }
        }
        return last;
    }
}
