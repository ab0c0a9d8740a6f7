package dev.chunkcluster.examples.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several hosts on one machine, for tests (run as root): a bridge in the root network namespace with a private
 * {@code 10.213.X.0/24} range that no route of this machine uses, and {@link Host}s on it, each a network namespace
 * with a veth link to the bridge and its own PID and UTS namespaces.
 *
 * <p>Every name carries this run's id ({@code cch<id>...} for links, {@code cch-<id>-<test JVM pid>-<n>} for
 * namespaces), and every link we make is labelled with the test JVM's pid ({@code ip link ... alias}), so a run never
 * collides with what a crashed run left behind, and {@link #create} removes only such leftovers: ours by prefix, whose
 * owning JVM is gone. {@link #close()} tears everything down (hosts, their processes, links, the bridge), and a
 * shutdown hook does it too when the test JVM is ended first. The tests send traffic only to loopback and to these
 * addresses.
 */
public final class TestNetwork implements AutoCloseable {

    static final String PREFIX = "cch";
    private static final String OWNER = "chunkcluster-test-owner-";
    private static final Pattern NAMESPACE = Pattern.compile(PREFIX + "-[0-9a-f]{6}-(\\d+)-\\d+");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Host n's pids start at n × 1000 ({@link Host#firstPid()}), below the smallest usual pid_max, 32768. */
    private static final int MAX_HOSTS = 30;

    private final String id;
    private final String subnet;
    private final Path directory;
    private final Map<Integer, Host> hosts = new TreeMap<>();
    private final Thread shutdownHook;
    private boolean closed;

    private TestNetwork(String id, String subnet, Path directory) {
        this.id = id;
        this.subnet = subnet;
        this.directory = directory;
        this.shutdownHook = new Thread(this::tearDown, "test-network-teardown-" + id);
    }

    /**
     * Removes our leftovers of crashed runs, then makes the bridge of a new network; the hosts' directories go under
     * {@code directory} (not under {@code /tmp}: each host has a {@code /tmp} of its own).
     */
    public static TestNetwork create(Path directory) {
        removeLeftovers();
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt() & 0xffffff).substring(2);
        TestNetwork network = new TestNetwork(id, freeSubnet(), directory.toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            String bridge = network.bridgeName();
            ip("link", "add", bridge, "type", "bridge");
            ip("link", "set", "dev", bridge, "alias", owner());
            ip("addr", "add", network.gateway() + "/24", "dev", bridge);
            ip("link", "set", bridge, "up");
            Files.createDirectories(network.directory);
            return network;
        } catch (RuntimeException | IOException e) {
            network.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The bridge's address, where the hosts reach the database server. */
    public String gateway() {
        return subnet + ".1";
    }

    public InetAddress gatewayAddress() {
        try {
            return InetAddress.getByName(gateway());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The range of the hosts' addresses, for the server's access rules. */
    public String range() {
        return subnet + ".0/24";
    }

    /** A new host named {@code name} (its host name inside), booted and on the network. */
    public synchronized Host addHost(String name) {
        int number = 1;
        while (hosts.containsKey(number)) {
            number++;
        }
        if (number > MAX_HOSTS) {
            throw new IllegalStateException("more than " + MAX_HOSTS + " hosts on test network " + id);
        }
        Host host = Host.boot(this, number, name, subnet + "." + (10 + number), directory.resolve(name + "-" + id));
        hosts.put(number, host);
        return host;
    }

    /** Kills the host's processes and removes its namespace and link. */
    public synchronized void removeHost(Host host) {
        hosts.remove(host.number());
        host.destroy();
    }

    String namespaceName(int number) {
        return PREFIX + "-" + id + "-" + ProcessHandle.current().pid() + "-" + number;
    }

    String linkName(int number, char side) {
        return PREFIX + id + side + number;
    }

    String bridgeName() {
        return PREFIX + id + "br";
    }

    static String owner() {
        return OWNER + ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs tearDown, which is idempotent
        }
    }

    private synchronized void tearDown() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (Host host : List.copyOf(hosts.values())) {
            try {
                host.destroy();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        hosts.clear();
        if (linkExists(bridgeName())) {
            ip("link", "del", bridgeName());
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /**
     * A {@code 10.213.X.0/24} that no address or route of this machine touches (another run's network included).
     */
    private static String freeSubnet() {
        String routes = ip("-4", "route", "show", "table", "all") + ip("-4", "-o", "addr", "show");
        for (int attempt = 0; attempt < 100; attempt++) {
            String candidate = "10.213." + ThreadLocalRandom.current().nextInt(1, 255);
            if (!routes.contains(candidate + ".") && !routes.contains("10.213.0.0/16") && !routes.contains("10.0.0.0/8")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.213.X.0/24 for the test network; routes and addresses:\n"
                + routes);
    }

    /**
     * What crashed runs left: our namespaces and links whose owning test JVM is gone. A leftover namespace's
     * processes (listed by {@code ip netns pids}: proven to be inside it) are killed before it is removed.
     */
    static void removeLeftovers() {
        for (String line : ip("netns", "list").lines().toList()) {
            String name = line.split(" ")[0];
            Matcher m = NAMESPACE.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                for (String pid : ip("netns", "pids", name).lines().filter(s -> !s.isBlank()).toList()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
                ip("netns", "del", name);
            }
        }
        Pattern link = Pattern.compile("^\\d+: (" + PREFIX + "[0-9a-f]{6}\\w+)[@:].*?alias " + OWNER + "(\\d+)",
                Pattern.MULTILINE);
        Matcher m = link.matcher(ip("-o", "link", "show"));
        while (m.find()) {
            if (!alive(Long.parseLong(m.group(2))) && linkExists(m.group(1))) {
                ip("link", "del", m.group(1));
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean linkExists(String name) {
        return run(List.of("ip", "link", "show", "dev", name), false) != null;
    }

    /** Runs {@code ip} with {@code args}; fails naming the command and its output. */
    static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return run(command, true);
    }

    /** Runs {@code command} to its end; its output, or null on a non-zero exit when {@code required} is false. */
    static String run(List<String> command, boolean required) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                if (!required) {
                    return null;
                }
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "): " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
