package dev.janus.comm.placement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementJsonTest {

    @Test
    void roundTripsAnEpochThroughTextAndFile(@TempDir Path dir) {
        PlacementEpoch epoch = PlacementEpoch.roundRobin(7, 2, 4, 3, 2, null);
        String json = PlacementJson.encode(epoch);
        assertThat(json).isEqualTo("{\"version\":7,\"logical_experts\":4,\"instances\":3,\"slots_per_instance\":2,"
                + "\"layers\":[[0,1,0,2,1,3],[0,1,0,2,1,3]]}");
        PlacementEpoch back = PlacementJson.decode(json);
        assertThat(back.version()).isEqualTo(7);
        assertThat(back.samePlacement(epoch)).isTrue();
        Path file = dir.resolve("placement.json");
        PlacementJson.write(epoch, file);
        assertThat(PlacementJson.read(file).samePlacement(epoch)).isTrue();
    }

    @Test
    void badDocumentsNameTheirProblem() {
        assertThatThrownBy(() -> PlacementJson.decode("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> PlacementJson.decode("{\"version\":1,\"logical_experts\":2,\"instances\":1,\"layers\":[]}"))
                .hasMessageContaining("'layers' must be a non-empty array");
        assertThatThrownBy(() -> PlacementJson.decode("{\"version\":1,\"logical_experts\":2,\"instances\":1,\"layers\":[[0]]}"))
                .hasMessageContaining("logical expert 1 has no replica");
        assertThatThrownBy(() -> PlacementJson.decode("{\"version\":1,\"logical_experts\":2,\"instances\":1,\"layers\":[[0,\"x\"]]}"))
                .hasMessageContaining("layers[0][1] must be an integer");
        assertThatThrownBy(() -> PlacementJson.decode("{\"version\":-1,\"logical_experts\":2,\"instances\":1,\"layers\":[[0,1]]}"))
                .hasMessageContaining("'version' must be an integer");
        assertThatThrownBy(() -> PlacementJson.decode("{\"version\":1,\"logical_experts\":2,\"instances\":1,"
                + "\"slots_per_instance\":3,\"layers\":[[0,1]]}")).hasMessageContaining("slots_per_instance 3 does not match");
        assertThatThrownBy(() -> PlacementJson.decode("{oops")).hasMessageContaining("not valid JSON");
    }
}
