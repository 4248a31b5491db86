package dev.janus.placement.pin;

import dev.janus.comm.placement.policy.Pins;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Administrator constraints (table expert_pin), as comm-lib {@link Pins}. */
@Repository
public class PinStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    public PinStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Pins load() {
        Pins pins = Pins.NONE;
        for (Pins.Pin p : jdbc.sql("SELECT layer_index, expert, instances, replicas FROM expert_pin")
                .query((rs, i) -> new Pins.Pin(rs.getInt(1), rs.getInt(2), parse(rs.getString(3)), rs.getInt(4)))
                .list()) {
            if (p.pinned()) {
                pins = pins.withInstances(p.layer(), p.expert(), p.instances().stream().mapToInt(Integer::intValue).toArray());
            }
            if (p.replicas() > 0) {
                pins = pins.withReplicas(p.layer(), p.expert(), p.replicas());
            }
        }
        return pins;
    }

    /** Stores the constraint on (pin.layer, pin.expert), replacing any. */
    @Transactional
    public void save(Pins.Pin pin) {
        delete(pin.layer(), pin.expert());
        jdbc.sql("INSERT INTO expert_pin (layer_index, expert, instances, replicas, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(pin.layer(), pin.expert(),
                        pin.instances().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        pin.replicas(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
    }

    public boolean delete(int layer, int expert) {
        return jdbc.sql("DELETE FROM expert_pin WHERE layer_index = ? AND expert = ?").params(layer, expert).update() > 0;
    }

    private static List<Integer> parse(String instances) {
        return instances.isBlank() ? List.of() : Arrays.stream(instances.split(",")).map(Integer::valueOf).toList();
    }
}
