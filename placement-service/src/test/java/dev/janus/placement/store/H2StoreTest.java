package dev.janus.placement.store;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The repositories on H2 in PostgreSQL mode (the default embedded database), a fresh database per test. */
class H2StoreTest extends StoreContract {

    private final JdbcDataSource ds = new JdbcDataSource();

    H2StoreTest() {
        ds.setURL("jdbc:h2:mem:store" + System.nanoTime() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
    }

    @Override
    DataSource dataSource() {
        return ds;
    }

    @Override
    String schema() {
        return "PUBLIC";
    }
}
