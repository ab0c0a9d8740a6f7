package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.testkit.ChunkStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/** The test kit's contract, unchanged, on a real PostgreSQL server: a fresh schema per test. */
class PostgresChunkStoreContractTest extends ChunkStoreContract {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static String database;
    private static HikariDataSource pool;

    @BeforeAll
    static void startServer() {
        database = PostgresServer.shared().createDatabase("contract");
        pool = PostgresServer.shared().pool(database, 4);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Override
    protected ChunkStore createStore(Clock clock) {
        String schema = "contract_" + SCHEMAS.incrementAndGet();
        PostgresServer.shared().execute(database, "CREATE SCHEMA " + schema);
        return PostgresChunkStore.open(pool, PostgresOptions.builder().schema(schema).clock(clock).build());
    }
}
