package dev.chunkcluster.examples.node;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node JVM options that depend on the Java version. */
class NodeLaunchTest {

    @Test
    void theLegacyLocaleDataIsAskedForOnlyWhereTheJvmStillHasIt() {
        assertTrue(NodeLaunch.baseJvmOptions(17).contains(NodeLaunch.LEGACY_LOCALE_DATA));
        assertFalse(NodeLaunch.baseJvmOptions(21).contains(NodeLaunch.LEGACY_LOCALE_DATA));
        assertTrue(NodeLaunch.baseJvmOptions(21).contains("-XX:+UseSerialGC"));
    }

    @Test
    void onlyTheCoordinatorRunsOnTheQuickCompilerAlone() {
        NodeSettings settings = NodeSettings.of(2);
        Path database = Path.of("exploration.db");
        assertTrue(NodeLaunch.coordinator(database, "sweep", settings).command()
                .containsAll(NodeLaunch.COORDINATOR_JVM_OPTIONS));
        assertFalse(NodeLaunch.worker(database, "sweep", settings).command()
                .contains("-XX:TieredStopAtLevel=1"));
    }
}
