package dev.chunkcluster.spring;

import dev.chunkcluster.core.chunk.ExplorationSpec;
import dev.chunkcluster.core.event.ChunkClusterListener;
import dev.chunkcluster.core.policy.ChunkHandler;
import dev.chunkcluster.core.policy.HealthCheck;
import dev.chunkcluster.core.policy.WorkerLoop;
import dev.chunkcluster.core.port.ChunkStore;
import dev.chunkcluster.sqlite.SqliteChunkStore;
import dev.chunkcluster.sqlite.SqliteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * Configures ChunkCluster when {@code chunkcluster.exploration} is set: the store (SQLite at
 * {@code chunkcluster.sqlite.path} or PostgreSQL on the application's DataSource, unless the application declares a
 * {@link ChunkStore} bean), the exploration
 * (created when {@code chunkcluster.create.combinations} is set), a {@link ChunkClusterWorker} when the application
 * declares a {@link ChunkHandler} bean, and, with Actuator, the health indicator and the {@code chunkcluster} endpoint.
 * Every {@link ChunkClusterListener} bean hears the worker's, Stop's and Start's events.
 */
@AutoConfiguration
@EnableConfigurationProperties(ChunkClusterProperties.class)
@ConditionalOnProperty(prefix = ChunkClusterProperties.PREFIX, name = "exploration")
public class ChunkClusterAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChunkClusterAutoConfiguration.class);
    private static final String POSTGRES_STORE = "dev.chunkcluster.postgres.PostgresChunkStore";

    /** Created by Spring. */
    public ChunkClusterAutoConfiguration() {
    }

    /**
     * The store: SQLite at {@code chunkcluster.sqlite.path} when set, otherwise PostgreSQL on the application's
     * {@code DataSource} when {@code cluster-postgres-adapter} is on the class path. Closed with the application (a
     * PostgreSQL store leaves the application's pool open).
     *
     * @throws IllegalStateException if neither is configured
     */
    @Bean
    @ConditionalOnMissingBean(ChunkStore.class)
    public ChunkStore chunkClusterStore(ChunkClusterProperties properties, ObjectProvider<DataSource> dataSources) {
        Path path = properties.getSqlite().getPath();
        if (path != null) {
            return SqliteChunkStore.open(path,
                    SqliteOptions.builder().busyTimeout(properties.getSqlite().getBusyTimeout()).build());
        }
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource != null && ClassUtils.isPresent(POSTGRES_STORE, getClass().getClassLoader())) {
            return PostgresStores.open(dataSource, properties.getPostgres());
        }
        throw new IllegalStateException("ChunkCluster has no store: set " + ChunkClusterProperties.PREFIX
                + ".sqlite.path to the SQLite database file (its directory must exist), or add cluster-postgres-adapter"
                + " and a DataSource (spring.datasource.url) for PostgreSQL, or declare a ChunkStore bean");
    }

    /** Status, Stop and Start of the exploration; creates the exploration first when configured to. */
    @Bean
    public ChunkClusterOperations chunkClusterOperations(ChunkStore store, ChunkClusterProperties properties,
                                                        ObjectProvider<ChunkClusterWorker> worker,
                                                        ObjectProvider<ChunkClusterListener> listeners) {
        String exploration = exploration(properties);
        ChunkClusterProperties.Create create = properties.getCreate();
        if (create.getCombinations() != null) {
            ExplorationSpec spec = ExplorationSpec.of(exploration, create.getCombinations(), create.getChunkSize())
                    .withMaxFailures(create.getMaxFailures());
            boolean created = store.createExploration(spec);
            log.info("exploration '{}': {} ({} combinations in chunks of {})", exploration,
                    created ? "created" : "already in the store", spec.totalCombinations(), spec.chunkSize());
        }
        return new ChunkClusterOperations(store, exploration, worker.getIfAvailable(),
                properties.getStop().getGrace(), listeners.orderedStream().toList());
    }

    /** The worker that runs the application's handler, when there is one and the worker is enabled. */
    @Bean
    @ConditionalOnBean(ChunkHandler.class)
    @ConditionalOnProperty(prefix = ChunkClusterProperties.PREFIX + ".worker", name = "enabled",
            havingValue = "true", matchIfMissing = true)
    public ChunkClusterWorker chunkClusterWorker(ChunkStore store, ChunkHandler handler,
                                                 ChunkClusterProperties properties,
                                                 ObjectProvider<ChunkClusterListener> listeners) {
        String exploration = exploration(properties);
        ChunkClusterProperties.Worker settings = properties.getWorker();
        String id = settings.getId() != null ? settings.getId() : defaultWorkerId();
        return new ChunkClusterWorker(() -> {
            WorkerLoop.Builder loop = WorkerLoop.builder(store, exploration, id, handler).lease(settings.getLease());
            listeners.orderedStream().forEach(loop::listener);
            return loop.build();
        }, id, settings.getShutdownWait());
    }

    /**
     * The health check on leases, every {@code chunkcluster.health-check.interval}: without it a chunk whose
     * application died would stay running until someone started the exploration again.
     */
    @Bean
    @ConditionalOnProperty(prefix = ChunkClusterProperties.PREFIX + ".health-check", name = "enabled",
            havingValue = "true", matchIfMissing = true)
    public ChunkClusterLeaseReaper chunkClusterLeaseReaper(ChunkStore store, ChunkClusterProperties properties,
                                                           ObjectProvider<ChunkClusterListener> listeners) {
        HealthCheck check = HealthCheck.leasesOnly(store);
        for (ChunkClusterListener listener : listeners.orderedStream().toList()) {
            check = check.withListener(listener);
        }
        return new ChunkClusterLeaseReaper(check, exploration(properties), properties.getHealthCheck().getInterval());
    }

    private static String exploration(ChunkClusterProperties properties) {
        String exploration = properties.getExploration();
        if (exploration == null || exploration.isBlank()) {
            throw new IllegalStateException(ChunkClusterProperties.PREFIX
                    + ".exploration is blank: set it to the name of the exploration this application works on");
        }
        return exploration;
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The health indicator, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ChunkClusterHealthIndicator chunkClusterHealthIndicator(ChunkClusterOperations operations) {
            return new ChunkClusterHealthIndicator(operations);
        }
    }

    /** The endpoint, when Actuator is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ChunkClusterEndpoint chunkClusterEndpoint(ChunkClusterOperations operations) {
            return new ChunkClusterEndpoint(operations);
        }
    }
}
