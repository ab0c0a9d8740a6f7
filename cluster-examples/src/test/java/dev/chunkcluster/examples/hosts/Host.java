package dev.chunkcluster.examples.hosts;

import dev.chunkcluster.examples.support.Await;
import dev.chunkcluster.examples.support.Jar;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One host of a {@link TestNetwork}: a network namespace with a veth link to the bridge and its own address, and,
 * inside it, a PID and UTS namespace ({@code unshare --pid --fork --mount-proc --uts}) whose init process sets the
 * host name, gives the host a {@code /tmp} of its own and then waits. Commands run inside through {@code nsenter} on
 * that init process, so they see the host's pids, name, network and {@code /tmp}.
 *
 * <p>The host dies ({@link #kill()}) when its init process, recorded at boot as the child of the {@code unshare} we
 * started, is killed: the kernel then kills every process of its PID namespace at once. A partition ({@link #cut()})
 * sets its link down until {@link #restore()}.
 */
public final class Host {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(20);

    private final TestNetwork network;
    private final int number;
    private final String name;
    private final String address;
    private final Path directory;
    private final String namespace;
    private final String link;
    private Process unshare;
    private ProcessHandle init;

    private Host(TestNetwork network, int number, String name, String address, Path directory) {
        this.network = network;
        this.number = number;
        this.name = name;
        this.address = address;
        this.directory = directory;
        this.namespace = network.namespaceName(number);
        this.link = network.linkName(number, 'v');
    }

    static Host boot(TestNetwork network, int number, String name, String address, Path directory) {
        Host host = new Host(network, number, name, address, directory);
        try {
            host.plugIn();
            host.startInit();
            return host;
        } catch (RuntimeException e) {
            host.destroy();
            throw e;
        }
    }

    private void plugIn() {
        String peer = network.linkName(number, 'p');
        TestNetwork.ip("netns", "add", namespace);
        TestNetwork.ip("link", "add", link, "type", "veth", "peer", "name", peer);
        TestNetwork.ip("link", "set", "dev", link, "alias", TestNetwork.owner());
        TestNetwork.ip("link", "set", peer, "netns", namespace);
        TestNetwork.ip("link", "set", link, "master", network.bridgeName(), "up");
        TestNetwork.ip("-n", namespace, "link", "set", peer, "name", "eth0");
        TestNetwork.ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        TestNetwork.ip("-n", namespace, "link", "set", "eth0", "up");
        TestNetwork.ip("-n", namespace, "link", "set", "lo", "up");
    }

    private void startInit() {
        try {
            Path tmp = Files.createDirectories(directory.resolve("tmp"));
            Files.createDirectories(directory.resolve("work"));
            // $0 is the host name, $1 the host's /tmp, $2 where its pids start, $3 the build's directory when it lies
            // under /tmp (a clone there): it is bound into the host's /tmp at the same place, so the host still sees
            // the jars and classes it runs. `exec sleep` keeps pid 1 alive until the host is killed.
            Path build = Path.of("").toAbsolutePath().getParent();
            Path systemTmp = Path.of("/tmp");
            String keep = build.startsWith(systemTmp) ? systemTmp.relativize(build).toString() : "";
            unshare = new ProcessBuilder("ip", "netns", "exec", namespace, "unshare", "--pid", "--fork",
                    "--mount-proc", "--uts", "--kill-child", "sh", "-c",
                    "hostname \"$0\""
                            + " && if [ -n \"$3\" ]; then mkdir -p \"$1/$3\" && mount --bind \"/tmp/$3\" \"$1/$3\"; fi"
                            + " && mount --rbind \"$1\" /tmp && echo \"$2\" > /proc/sys/kernel/ns_last_pid"
                            + " && exec sleep infinity", name, tmp.toString(), Long.toString(firstPid() - 1), keep)
                    .redirectErrorStream(true).redirectOutput(directory.resolve("init.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot boot host " + name, e);
        }
        init = Await.until("host " + name + " to boot", BOOT_TIMEOUT, () -> {
            if (!unshare.isAlive()) {
                fail("host " + name + " did not boot (exit " + unshare.exitValue() + "): " + read("init.log"));
            }
            return unshare.toHandle().children()
                    .filter(child -> child.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                    .findFirst().orElse(null);
        });
    }

    public String name() {
        return name;
    }

    /**
     * The first pid of the host's processes: host n's pids start at n × 1000, so that a pid (and a node name made of
     * one) names a single host in the tests' checks. Real hosts give no such promise: pids repeat across hosts.
     */
    public long firstPid() {
        return number * 1000L;
    }

    /** The host's address on the test network. */
    public String address() {
        return address;
    }

    /** The host's working directory (visible to the test too). */
    public Path workDirectory() {
        return directory.resolve("work");
    }

    int number() {
        return number;
    }

    /** True while the host's init process runs. */
    public boolean isUp() {
        return init != null && init.isAlive();
    }

    /** Starts {@code command} inside the host, in its working directory, output to files there. */
    public Jar.Child start(List<String> command, Map<String, String> environment) {
        if (!isUp()) {
            throw new IllegalStateException("host " + name + " is down");
        }
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(init.pid()), "--net",
                "--pid", "--uts", "--mount", "--wd=" + workDirectory()));
        full.addAll(command);
        try {
            Path out = Files.createTempFile(workDirectory(), "child-", ".out");
            Path err = Files.createTempFile(workDirectory(), "child-", ".err");
            ProcessBuilder builder = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            return new Jar.Child(builder.start(), out, err, name + ": " + String.join(" ", command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " on host " + name, e);
        }
    }

    /** Runs {@code command} inside the host to its end. */
    public Jar.Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        try (Jar.Child child = start(command, environment)) {
            return child.await(timeout);
        }
    }

    /**
     * The host dies: SIGKILL to its init process (the one recorded at boot), and so to every process of its PID
     * namespace at once; returns when the host is gone.
     */
    public void kill() {
        if (init != null && init.isAlive()) {
            init.destroyForcibly();
            try {
                init.onExit().get(20, TimeUnit.SECONDS);
                if (unshare != null) {
                    unshare.waitFor(20, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                throw new IllegalStateException("host " + name + " did not die from SIGKILL of its init "
                        + init.pid(), e);
            }
        }
    }

    /**
     * The process that has pid {@code pidInside} inside this host, as a handle in the test's namespace: found among
     * the processes of the host's network namespace by the pid its own PID namespace gives it.
     */
    public Optional<ProcessHandle> process(long pidInside) {
        String pids = TestNetwork.run(List.of("ip", "netns", "pids", namespace), false);
        if (pids == null) {
            return Optional.empty();
        }
        for (String pid : pids.lines().map(String::strip).filter(p -> !p.isEmpty()).toList()) {
            try {
                String status = Files.readString(Path.of("/proc", pid, "status"));
                String nspid = status.lines().filter(l -> l.startsWith("NSpid:")).findFirst().orElse("");
                String[] fields = nspid.split("\\s+");
                if (fields.length > 2 && fields[fields.length - 1].equals(Long.toString(pidInside))) {
                    return ProcessHandle.of(Long.parseLong(pid));
                }
            } catch (IOException e) {
                // it exited while we looked
            }
        }
        return Optional.empty();
    }

    /** True while some process runs inside the host besides its init (and the {@code unshare} above it). */
    public boolean hasProcesses() {
        if (!isUp()) {
            return false;
        }
        String pids = TestNetwork.run(List.of("ip", "netns", "pids", namespace), false);
        return pids != null && pids.lines().map(String::strip).filter(p -> !p.isEmpty()).map(Long::parseLong)
                .anyMatch(pid -> pid != init.pid() && pid != unshare.pid());
    }

    /** Partition: the host's link goes down; it reaches nobody and nobody reaches it. */
    public void cut() {
        TestNetwork.ip("link", "set", link, "down");
    }

    /** The link comes back. */
    public void restore() {
        TestNetwork.ip("link", "set", link, "up");
    }

    /** Kills the host and removes its namespace and link. */
    void destroy() {
        try {
            kill();
        } finally {
            if (TestNetwork.linkExists(link)) {
                TestNetwork.ip("link", "del", link);
            }
            if (TestNetwork.run(List.of("ip", "netns", "pids", namespace), false) != null) {
                TestNetwork.ip("netns", "del", namespace);
            }
        }
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (" + address + ", init pid " + (init == null ? "-" : init.pid()) + ")";
    }
}
