package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.testkit.NodeRegistryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/** The test kit's node registry contract, unchanged, on a real PostgreSQL server: a fresh schema per test. */
class PostgresNodeRegistryContractTest extends NodeRegistryContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String database;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() {
        database = PostgresServer.shared().createDatabase("nodes");
        pool = PostgresServer.shared().pool(database, 4);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected Stores createStores(Clock clock) {
        String schema = "nodes_" + SCHEMAS.incrementAndGet();
        PostgresServer.shared().execute(database, "CREATE SCHEMA " + schema);
        PostgresChunkStore store = PostgresChunkStore.open(pool,
                PostgresOptions.builder().schema(schema).clock(clock).build());
        return new Stores(store, store.nodes());
    }
}
