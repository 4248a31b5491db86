package dev.janus.placement.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.PlacementJson;
import dev.janus.placement.cluster.AttentionClient;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.config.PlacementServiceProperties.Initial;
import dev.janus.placement.stats.StatsCollector;
import dev.janus.placement.support.Snapshots;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where the first epoch comes from: the placement file, else the serving epoch, else round robin. */
class EpochBootstrapTest {

    static final URI ATTENTION = URI.create("http://attention:8081");

    EpochRegistry registry;
    ServiceInstances instances = mock(ServiceInstances.class);
    AttentionClient attention = mock(AttentionClient.class);
    StatsCollector stats = mock(StatsCollector.class);

    @BeforeEach
    void emptyStore() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:bootstrap" + System.nanoTime() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).load().migrate();
        registry = new EpochRegistry(new EpochStore(JdbcClient.create(ds)), Clock.systemUTC());
        when(instances.attention()).thenReturn(List.of(ATTENTION));
        when(stats.merged(0, 0)).thenReturn(new StatsCollector.Merged(null, List.of()));
    }

    @Test
    void thePlacementFileComesFirst(@TempDir Path dir) {
        PlacementEpoch file = PlacementEpoch.roundRobin(4, 2, 4, 2, 2, new long[][] {{9, 1, 1, 1}, {1, 1, 1, 9}});
        PlacementJson.write(file, dir.resolve("placement.json"));
        when(attention.current(any())).thenReturn(Optional.of(PlacementEpoch.roundRobin(1, 2, 4, 2, 0, null)));

        assertThat(bootstrap(new Initial(2, 0, 0, dir.resolve("placement.json"))).ensure()).isTrue();
        assertThat(registry.require().samePlacement(file)).isTrue();
        assertThat(registry.history().getFirst().source()).isEqualTo("file");
    }

    @Test
    void theServingEpochIsAdoptedElseRoundRobinFromTheStatisticsShape() {
        when(attention.current(ATTENTION)).thenReturn(Optional.empty());
        EpochBootstrap bootstrap = bootstrap(new Initial(3, 4, 0, null));
        assertThat(bootstrap.ensure()).as("nothing known yet").isFalse();

        when(stats.merged(0, 0)).thenReturn(new StatsCollector.Merged(new Snapshots(2, 8).tokens(0, 1, 3).build(),
                List.of(ATTENTION)));
        assertThat(bootstrap.ensure()).isTrue();
        assertThat(registry.require().samePlacement(PlacementEpoch.roundRobin(1, 2, 8, 3, 4, null))).isTrue();
        assertThat(registry.require().version()).isEqualTo(1);
        assertThat(registry.history().getFirst().source()).isEqualTo("startup");
    }

    @Test
    void anAttentionServicesEpochIsAdoptedAsItIs() {
        PlacementEpoch serving = PlacementEpoch.roundRobin(7, 2, 8, 3, 2, null);
        when(attention.current(ATTENTION)).thenReturn(Optional.of(serving));
        assertThat(bootstrap(new Initial(3, 4, 0, null)).ensure()).isTrue();
        assertThat(registry.require().version()).isEqualTo(7);
        assertThat(registry.nextVersion()).isEqualTo(8);
        assertThat(registry.history().getFirst().source()).isEqualTo("adopted");
    }

    private EpochBootstrap bootstrap(Initial initial) {
        PlacementServiceProperties props = new PlacementServiceProperties(List.of(), null, null, initial, null, null,
                null, null);
        return new EpochBootstrap(registry, instances, attention, stats, props);
    }
}
