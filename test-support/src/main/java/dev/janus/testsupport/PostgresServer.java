package dev.janus.testsupport;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL server for tests, found the same way everywhere: a Testcontainers PostgreSQL
 * where a Docker engine runs (one per JVM, removed by Testcontainers at exit), else the machine's
 * own server on 127.0.0.1:5432 (trust auth, user postgres), else the calling test is skipped with
 * the reason. {@link #freshDatabase()} gives a test a database of its own.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database}
 */
public record PostgresServer(String jdbcUrl, String user, String password) {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3";

    private static PostgreSQLContainer container;

    /** The server (the maintenance database {@code postgres}), or the test is aborted (skipped). */
    public static synchronized PostgresServer get() {
        if (Docker.available()) {
            if (container == null) {
                container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
            }
            return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        PostgresServer local = new PostgresServer(LOCAL, "postgres", "");
        try (Connection c = local.dataSource().getConnection()) {
            c.isValid(3);
        } catch (SQLException e) {
            Assumptions.abort("no PostgreSQL: Docker is not available for Testcontainers and 127.0.0.1:5432 "
                    + "(user postgres, trust auth) is not reachable: " + e.getMessage());
        }
        return local;
    }

    /** A new, empty database on the server {@link #get()} finds; {@link #drop()} removes it. */
    public static PostgresServer freshDatabase() {
        PostgresServer server = get();
        String name = "janus_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        server.execute("CREATE DATABASE " + name);
        return server.withDatabase(name);
    }

    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setUser(user);
        source.setPassword(password);
        return source;
    }

    public String host() {
        return uri().getHost();
    }

    public int port() {
        int port = uri().getPort();
        return port < 0 ? 5432 : port;
    }

    public String database() {
        return uri().getPath().substring(1);
    }

    /** This server with another database (the query string, e.g. timeouts, is kept). */
    public PostgresServer withDatabase(String database) {
        URI u = uri();
        String url = "jdbc:postgresql://" + u.getHost() + ":" + port() + "/" + database
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new PostgresServer(url, user, password);
    }

    /** Drops this database (from the maintenance database), closing its other sessions first. */
    public void drop() {
        withDatabase("postgres").execute("DROP DATABASE IF EXISTS " + database() + " WITH (FORCE)");
    }

    public void execute(String sql) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private URI uri() {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }
}
