package dev.chunkcluster.spring;

import dev.chunkcluster.core.policy.ChunkHandler;
import dev.chunkcluster.core.policy.ChunkWork;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** A Spring Boot application as a user writes it: the starter on the class path and a ChunkHandler bean. */
@SpringBootConfiguration
@EnableAutoConfiguration
class StarterTestApplication {

    /** For the tests on SQLite: Spring Boot's JDBC support is on the test class path, but those have no database. */
    static final String WITHOUT_DATA_SOURCE =
            "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /** The chunk whose first attempt fails. */
    static final int FAILING_INDEX = 7;

    @Bean
    GatedHandler handler() {
        return new GatedHandler();
    }

    /** Holds every chunk until the test opens the gate; the first attempt of one chunk fails. */
    static final class GatedHandler implements ChunkHandler {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate = new CountDownLatch(1);
        private final AtomicBoolean failedOnce = new AtomicBoolean();

        void open() {
            gate.countDown();
        }

        @Override
        public String handle(ChunkWork work) throws InterruptedException {
            entered.countDown();
            gate.await();
            if (work.range().index() == FAILING_INDEX && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("first attempt of chunk " + FAILING_INDEX + " fails");
            }
            work.reportTested(work.range().count());
            return "ok";
        }
    }
}
