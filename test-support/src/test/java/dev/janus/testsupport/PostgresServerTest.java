package dev.janus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void freshDatabaseIsEmptyUsableAndDropped() throws SQLException {
        PostgresServer db = PostgresServer.freshDatabase();
        try {
            assertThat(db.database()).startsWith("janus_test_");
            db.execute("CREATE TABLE t (x int)");
            db.execute("INSERT INTO t VALUES (42)");
            try (Connection c = db.dataSource().getConnection();
                    ResultSet r = c.createStatement().executeQuery("SELECT x FROM t")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(42);
            }
        } finally {
            db.drop();
        }
        try (Connection c = PostgresServer.get().dataSource().getConnection();
                ResultSet r = c.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname = '" + db.database() + "'")) {
            r.next();
            assertThat(r.getInt(1)).isZero();
        }
    }

    @Test
    void withDatabaseKeepsHostPortAndOptions() {
        PostgresServer s = new PostgresServer("jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3", "postgres", "");
        PostgresServer other = s.withDatabase("x");
        assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/x?connectTimeout=3");
        assertThat(other.host()).isEqualTo("127.0.0.1");
        assertThat(other.port()).isEqualTo(5432);
        assertThat(other.database()).isEqualTo("x");
    }
}
