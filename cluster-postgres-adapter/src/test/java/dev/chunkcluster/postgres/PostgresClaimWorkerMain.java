package dev.chunkcluster.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chunkcluster.core.port.Lease;
import dev.chunkcluster.core.port.LeaseResult;
import dev.chunkcluster.jdbc.OpenMode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A worker process for the multi-process test: claims (one at a time, or in batches) and completes chunks until none
 * is left, recording every claim and every completion in its own file. Exits 0 when done, 1 on any error.
 *
 * <p>Arguments: JDBC URL, exploration, worker name, record file, batch size; the password comes from the environment
 * variable {@value #PASSWORD_ENV}.
 */
public final class PostgresClaimWorkerMain {

    static final String PASSWORD_ENV = "CHUNKCLUSTER_TEST_PG_PASSWORD";

    private PostgresClaimWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        String url = args[0];
        String exploration = args[1];
        String worker = args[2];
        Path records = Path.of(args[3]);
        int batch = Integer.parseInt(args[4]);
        Duration lease = Duration.ofMinutes(10);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(PostgresServer.USER);
        config.setPassword(System.getenv(PASSWORD_ENV));
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
             PostgresChunkStore store = PostgresChunkStore.open(pool,
                     PostgresOptions.builder().openMode(OpenMode.EXISTING_ONLY).build());
             BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            while (true) {
                List<Lease> leases = batch == 1
                        ? store.claim(exploration, worker, lease).map(List::of).orElse(List.of())
                        : store.claimBatch(exploration, worker, batch, lease);
                if (leases.isEmpty()) {
                    break;
                }
                for (Lease claimed : leases) {
                    out.write("claim " + claimed.token().chunkId() + " " + claimed.token().attempt() + " " + worker
                            + "\n");
                }
                for (Lease claimed : leases) {
                    LeaseResult result = store.complete(claimed.token(), "done by " + worker);
                    out.write("complete " + claimed.token().chunkId() + " " + claimed.token().attempt() + " "
                            + result + "\n");
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
