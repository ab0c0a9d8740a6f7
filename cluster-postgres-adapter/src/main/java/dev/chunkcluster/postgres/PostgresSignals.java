package dev.chunkcluster.postgres;

import dev.chunkcluster.core.port.Announcements;
import dev.chunkcluster.jdbc.JdbcRunner;
import dev.chunkcluster.jdbc.JdbcRunner.Tx;
import dev.chunkcluster.jdbc.NodeSignals;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Announcements on PostgreSQL: {@code pg_notify} on the channel {@value #CHANNEL} with the payload
 * {@code schema/exploration}, heard by a connection of its own that has run {@code LISTEN}. A notification is sent
 * when its transaction commits and reaches every listener at once; one that is lost (a listener reconnecting) is made
 * up for by the listener's poll, which it runs whenever a wait times out.
 */
final class PostgresSignals implements NodeSignals {

    /** The notification channel of every ChunkCluster store; the payload says which schema and exploration. */
    static final String CHANNEL = "chunkcluster";

    private static final Logger log = LoggerFactory.getLogger(PostgresSignals.class);

    private final DataSource dataSource;
    private final JdbcRunner runner;
    private final String schema;

    PostgresSignals(DataSource dataSource, JdbcRunner runner, String schema) {
        this.dataSource = dataSource;
        this.runner = runner;
        this.schema = schema;
    }

    @Override
    public void announce(String exploration) {
        runner.run(Tx.NONE, () -> "notify the nodes of exploration '" + exploration + "'", session -> {
            try (PreparedStatement notify = session.connection().prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, payload(exploration));
                notify.execute();
            }
            return null;
        });
    }

    @Override
    public Announcements listen(String exploration) {
        return new Listener(payload(exploration));
    }

    private String payload(String exploration) {
        return schema + "/" + exploration;
    }

    /** One listening connection, opened on the first wait and opened again after it fails. */
    private final class Listener implements Announcements {
        private final String payload;
        private Connection connection;

        /** Listens from now on: an announcement made before the first wait is heard by it. */
        Listener(String payload) {
            this.payload = payload;
            try {
                connect();
            } catch (SQLException e) {
                log.warn("cannot listen for notifications of {} ({}); polling until a wait can listen", payload,
                        e.getMessage());
            }
        }

        private void connect() throws SQLException {
            Connection opened = dataSource.getConnection();
            try {
                opened.setAutoCommit(true);
                try (Statement listen = opened.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }

        @Override
        public synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                if (connection == null) {
                    connect();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        return false;
                    }
                    PGNotification[] notifications = pg.getNotifications((int) Math.min(Integer.MAX_VALUE, left));
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            if (payload.equals(notification.getParameter())) {
                                return true;
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                log.warn("cannot listen for notifications of {} ({}); polling until the next wait", payload,
                        e.getMessage());
                close();
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left);
                }
                return false;
            }
        }

        @Override
        public synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    log.debug("closing the listening connection of {} failed: {}", payload, e.getMessage());
                }
                connection = null;
            }
        }
    }
}
