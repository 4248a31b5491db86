package dev.janus.placement.store;

import dev.janus.testsupport.PostgresServer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same repositories on PostgreSQL (production), on the server test-support's
 * {@link PostgresServer} finds (Testcontainers where Docker runs, else 127.0.0.1:5432, else
 * skipped with the reason), in a database of this test's own, dropped at the end. Each test
 * migrates a schema of its own.
 */
class PostgresStoreTest extends StoreContract {

    private static PostgresServer database;

    private static int schemas;

    private final String schema = "placement_test_" + (++schemas);

    @BeforeAll
    static void createDatabase() {
        database = PostgresServer.freshDatabase();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.drop();
        }
    }

    @Override
    DataSource dataSource() {
        PGSimpleDataSource ds = (PGSimpleDataSource) database.dataSource();
        ds.setCurrentSchema(schema);
        return ds;
    }

    @Override
    String schema() {
        return schema;
    }
}
