package dev.chunkcluster.examples.hosts;

import dev.chunkcluster.examples.support.Jar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness of the several-hosts tests itself: a host has its own name, pids, address and {@code /tmp}; a cut
 * link cuts it off and a restored one lets it back; a killed host has no process left; teardown leaves nothing; and a
 * crashed run's leftovers (ours by prefix, their owner gone) are removed while nothing else is touched.
 */
@Tag("slow")
class TestNetworkIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Path ROOT = Path.of("target", "test-hosts");

    @Test
    void hostsHaveTheirOwnNamesPidsAndAddressesAndReachTheGatewayUntilCut() throws Exception {
        String namespacesBefore = TestNetwork.ip("netns", "list");
        try (TestNetwork network = TestNetwork.create(ROOT);
             ServerSocket listener = new ServerSocket(0, 50, network.gatewayAddress())) {
            Host one = network.addHost("alpha");
            Host two = network.addHost("beta");
            assertEquals("alpha", sh(one, "hostname").strip());
            assertEquals("beta", sh(two, "hostname").strip());
            assertNotEquals("alpha", InetAddress.getLocalHost().getHostName(), "the machine keeps its own name");
            assertEquals("sleep", sh(one, "cat /proc/1/comm").strip(), "pid 1 is the host's own init");
            long pidInTwo = Long.parseLong(sh(two, "echo $$").strip());
            assertTrue(pidInTwo > two.firstPid() && pidInTwo < two.firstPid() + 1000, "host pids: " + pidInTwo);
            assertTrue(sh(two, "ip -4 -o addr show dev eth0").contains(two.address() + "/24"));
            // Nothing of the machine's /tmp, but the build itself when it lies there (a clone under /tmp).
            Path build = Path.of("").toAbsolutePath().getParent();
            String kept = build.startsWith("/tmp/") ? build.getName(1).toString() : "";
            assertEquals(kept, sh(one, "ls -A /tmp").strip(), "a host has a /tmp of its own");

            String connect = "exec 3<>/dev/tcp/" + network.gateway() + "/" + listener.getLocalPort() + " && echo ok";
            assertEquals("ok", bash(one, connect, 0).strip());

            one.cut();
            assertNotEquals(0, bashExit(one, "timeout 2 bash -c '" + connect + "'"), "a cut host reaches nobody");
            assertEquals("ok", bash(two, connect, 0).strip(), "the other host is not cut");
            one.restore();
            assertEquals("ok", bash(one, "for i in $(seq 50); do (" + connect + ") 2>/dev/null && exit; sleep 0.2;"
                    + " done; exit 1", 0).strip(), "a restored host reaches the gateway again");

            Jar.Child sleeper = two.start(List.of("sleep", "600"), Map.of());
            two.kill();
            assertFalse(two.isUp());
            sleeper.await(TIMEOUT);
            assertFalse(sleeper.isAlive(), "a killed host's processes are gone");
        }
        assertEquals(namespacesBefore, TestNetwork.ip("netns", "list"), "teardown removes every namespace");
        assertFalse(TestNetwork.ip("-o", "link", "show").contains(TestNetwork.owner()),
                "teardown removes every link of this run");
    }

    @Test
    void aCrashedRunsLeftoversAreRemovedAndNothingElse() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadOwner = gone.pid();
        String namespace = TestNetwork.PREFIX + "-abcdef-" + deadOwner + "-1";
        String link = TestNetwork.PREFIX + "abcdefbr";
        String foreign = TestNetwork.PREFIX + "abcdefzz"; // our prefix, but no owner label: not ours
        try {
            TestNetwork.ip("netns", "add", namespace);
            TestNetwork.ip("link", "add", link, "type", "bridge");
            TestNetwork.ip("link", "set", "dev", link, "alias", "chunkcluster-test-owner-" + deadOwner);
            TestNetwork.ip("link", "add", foreign, "type", "bridge");

            TestNetwork.removeLeftovers();

            assertFalse(TestNetwork.ip("netns", "list").contains(namespace), "the leftover namespace is removed");
            assertFalse(TestNetwork.linkExists(link), "the leftover link is removed");
            assertTrue(TestNetwork.linkExists(foreign), "a link that is not ours stays");
        } finally {
            TestNetwork.run(List.of("ip", "netns", "del", namespace), false);
            TestNetwork.run(List.of("ip", "link", "del", link), false);
            TestNetwork.run(List.of("ip", "link", "del", foreign), false);
        }
    }

    static String sh(Host host, String script) {
        Jar.Result result = host.run(List.of("sh", "-c", script), Map.of(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        return result.out();
    }

    static String bash(Host host, String script, int exit) {
        Jar.Result result = host.run(List.of("bash", "-c", script), Map.of(), TIMEOUT);
        assertEquals(exit, result.exitCode(), result.toString());
        return result.out();
    }

    static int bashExit(Host host, String script) {
        return host.run(List.of("bash", "-c", script), Map.of(), TIMEOUT).exitCode();
    }
}
