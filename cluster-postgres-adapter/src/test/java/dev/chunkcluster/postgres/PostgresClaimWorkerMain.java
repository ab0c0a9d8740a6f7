package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.jdbc.OpenMode;
import dev.chunkcluster.testkit.ClaimRecords;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A worker process for the multi-process test ({@link ClaimRecords#drain}). Exits 0 when done, 1 on any error.
 *
 * <p>Arguments: JDBC URL, exploration, worker name, record file, batch size; the password comes from the environment
 * variable {@value #PASSWORD_ENV}.
 */
public final class PostgresClaimWorkerMain {

    static final String PASSWORD_ENV = "CHUNKCLUSTER_TEST_PG_PASSWORD";

    private PostgresClaimWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(PostgresServer.USER);
        config.setPassword(System.getenv(PASSWORD_ENV));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
             PostgresChunkStore store = PostgresChunkStore.open(pool,
                     PostgresOptions.builder().openMode(OpenMode.EXISTING_ONLY).build())) {
            ClaimRecords.drain(store, args[1], args[2], Integer.parseInt(args[4]), Path.of(args[3]));
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
