package dev.janus.placement.pin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.placement.support.AdminApiTest;
import dev.janus.placement.support.AdminHttp.Reply;
import dev.janus.placement.support.Snapshots;
import dev.janus.placement.support.StubCluster;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pins and replica requests: stored, honoured by the plan of the new epoch, applied live.
 * Layer 0 is for replica counts, layer 1 for pins, layer 2 for an infeasible set of pins.
 */
class PinTest extends AdminApiTest {

    @RegisterExtension
    static final StubCluster CLUSTER = new StubCluster(3, 8, 3, 4, 1,
            new Snapshots(3, 8).tokens(4, 5, 1000).tokens(6, 7, 800).tokens(0, 1, 50).build());

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        CLUSTER.register(registry, "pins");
    }

    @Test
    void aPinPutsTheExpertExactlyOnThePinnedInstancesAndUnpinningRemovesIt() {
        PlacementEpoch before = current();
        Reply r = admin.put("/admin/placement/experts/1/5/pin", "{\"instances\":[2,0]}");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("rollout").get("version").asLong()).isEqualTo(before.version() + 1);
        assertThat(r.json().get("rollout").get("source").asText()).isEqualTo("pin");
        assertThat(r.json().get("pin").get("instances").toString()).isEqualTo("[2,0]");
        PlacementEpoch after = current();
        assertThat(instancesOf(after.layer(1), 5)).containsExactly(0, 2);
        assertThat(after.layer(0)).as("only the pinned layer is re-planned").isEqualTo(before.layer(0));
        assertThat(CLUSTER.attention.getFirst().current().version()).isEqualTo(after.version());
        assertThat(admin.get("/admin/placement/pins").json().get("data").toString()).contains("\"expert\":5");

        Reply unpin = admin.delete("/admin/placement/experts/1/5/pin");
        assertThat(unpin.status()).as(unpin.text()).isEqualTo(200);
        assertThat(current().version()).isEqualTo(after.version() + 1);
        assertThat(admin.get("/admin/placement/pins").json().get("data").toString()).doesNotContain("\"expert\":5");
        assertThat(admin.delete("/admin/placement/experts/1/5/pin").status()).isEqualTo(404);
    }

    @Test
    void aReplicaRequestGivesTheExpertThatManyReplicasAndAContradictingPinIsRefused() {
        Reply r = admin.post("/admin/placement/experts/0/3/replicas", "{\"count\":3}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(current().layer(0).replicaCount(3)).isEqualTo(3);

        Reply pin = admin.put("/admin/placement/experts/0/3/pin", "{\"instances\":[0,1]}");
        assertThat(pin.status()).isEqualTo(409);
        assertThat(pin.json().get("code").asText()).isEqualTo("pin_conflict");
        Reply tooMany = admin.post("/admin/placement/experts/0/2/replicas", "{\"count\":4}");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().get("detail").asText()).contains("3");
    }

    @Test
    void pinsThePolicyCannotMeetAre409AndLeaveNothingBehind() {
        assertThat(admin.put("/admin/placement/experts/2/0/pin", "{\"instances\":[0,1,2]}").status()).isEqualTo(200);
        assertThat(admin.put("/admin/placement/experts/2/1/pin", "{\"instances\":[0,1,2]}").status()).isEqualTo(200);
        long version = current().version();

        // each pin on 3 instances takes 2 of the layer's 4 redundant slots: a third cannot fit
        Reply r = admin.put("/admin/placement/experts/2/2/pin", "{\"instances\":[0,1,2]}");
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo("placement_conflict");
        assertThat(current().version()).isEqualTo(version);
        assertThat(admin.get("/admin/placement/pins").json().get("data").toString()).doesNotContain("\"layer\":2,\"expert\":2");
    }

    @Test
    void unknownLayerExpertOrInstanceIs404AndABadBodyIs400() {
        assertThat(admin.put("/admin/placement/experts/9/0/pin", "{\"instances\":[0]}").status()).isEqualTo(404);
        assertThat(admin.put("/admin/placement/experts/0/99/pin", "{\"instances\":[0]}").status()).isEqualTo(404);
        Reply instance = admin.put("/admin/placement/experts/1/0/pin", "{\"instances\":[0,7]}");
        assertThat(instance.status()).isEqualTo(404);
        assertThat(instance.json().get("detail").asText()).contains("MoE instance 7");
        assertThat(admin.post("/admin/placement/experts/5/0/replicas", "{\"count\":1}").status()).isEqualTo(404);

        Reply empty = admin.put("/admin/placement/experts/1/0/pin", "{\"instances\":[]}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("field").asText()).isEqualTo("instances");
        assertThat(admin.put("/admin/placement/experts/1/0/pin", "{\"instances\":[1,1]}").status()).isEqualTo(400);
        assertThat(admin.put("/admin/placement/experts/1/0/pin", "{}").status()).isEqualTo(400);
        assertThat(admin.post("/admin/placement/experts/1/0/replicas", "{\"count\":0}").status()).isEqualTo(400);
        assertThat(admin.post("/admin/placement/experts/1/0/replicas", "{\"count\":\"x\"}").status()).isEqualTo(400);
        assertThat(admin.put("/admin/placement/experts/one/0/pin", "{\"instances\":[0]}").status()).isEqualTo(400);
    }

    private PlacementEpoch current() {
        return PlacementJson.decode(admin.internal("/internal/placement/current").text());
    }

    private static int[] instancesOf(LayerPlacement layer, int expert) {
        return IntStream.range(0, layer.replicaCount(expert)).map(i -> layer.instanceOf(layer.replica(expert, i)))
                .sorted().toArray();
    }
}
