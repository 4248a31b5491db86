package dev.janus.placement.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same repositories on PostgreSQL (production): a Testcontainers PostgreSQL where Docker
 * runs, else the server on 127.0.0.1:5432 (trust auth, user postgres, database test); skipped
 * with the reason when neither is reachable. Each test migrates a schema of its own and drops it.
 */
class PostgresStoreTest extends StoreContract {

    private static PostgreSQLContainer container;
    private static String url;
    private static String user;
    private static String password;

    private final String schema = "placement_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    @BeforeAll
    static void findServer() {
        if (dockerAvailable()) {
            container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
            return;
        }
        url = "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=3";
        user = "postgres";
        password = "";
        try (Connection c = source(null).getConnection()) {
            c.isValid(3);
        } catch (SQLException e) {
            Assumptions.abort("no PostgreSQL: Docker is not available for Testcontainers and 127.0.0.1:5432 "
                    + "(user postgres, database test) is not reachable: " + e.getMessage());
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stopContainer() {
        if (container != null) {
            container.stop();
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = source(null).getConnection()) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    DataSource dataSource() {
        return source(schema);
    }

    @Override
    String schema() {
        return schema;
    }

    private static DataSource source(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }
}
