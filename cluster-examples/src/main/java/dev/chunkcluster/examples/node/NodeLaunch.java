package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.port.LaunchSpec;
import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.examples.logging.NodeLogConfigurator;
import dev.chunkcluster.examples.store.DbLocation;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command lines of the demo's coordinator and workers: this JVM's {@code java}, a small heap, and this program's
 * own jar on the class path, so nothing has to be installed besides the jar.
 */
public final class NodeLaunch {

    /**
     * JVM options of every node: a small heap with a small young generation (less memory touched), small stacks, the
     * serial collector, logging set up in code, and the JDK's legacy locale data where the JVM still has it (see
     * {@link #LEGACY_LOCALE_DATA}).
     */
    public static final List<String> BASE_JVM_OPTIONS = baseJvmOptions(Runtime.version().feature());

    /**
     * sqlite-jdbc builds date formats for the default locale when it opens a connection; with the default CLDR locale
     * data that costs a node about 80 ms of CPU before its first claim, with the legacy data about none. Nodes format
     * nothing by locale (every format they write uses {@code Locale.ROOT} or fixed digits), so both give the same
     * output. Java 21 deprecated the legacy data and later versions removed it: there the option is left out.
     */
    static final String LEGACY_LOCALE_DATA = "-Djava.locale.providers=COMPAT";

    /**
     * JVM options of the coordinator on top of the base: it only supervises and polls, so the quick compiler alone
     * serves it, and without the optimising compiler's threads it starts sooner and leaves the cores to the workers
     * it launches. Workers keep both compilers: their handler is the hot loop.
     */
    public static final List<String> COORDINATOR_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private NodeLaunch() {
    }

    static List<String> baseJvmOptions(int javaFeatureVersion) {
        List<String> options = new ArrayList<>(List.of("-Xmx64m", "-Xmn8m", "-Xss512k", "-XX:+UseSerialGC",
                "-Xshare:auto", "-XX:-UsePerfData", "-D" + NodeLogConfigurator.NODE_PROPERTY + "=true"));
        if (javaFeatureVersion < 21) {
            options.add(LEGACY_LOCALE_DATA);
        }
        return List.copyOf(options);
    }

    /**
     * Prepares what makes the nodes of this jar start fast, once per build of the jar: sqlite-jdbc's native library
     * copied out of the jar ({@link SqliteNativeLibrary}), then the class-data archive ({@link ClassDataArchive}).
     * Never fails the caller: without them the nodes only start slower.
     */
    public static void prepare() {
        SqliteNativeLibrary.ensure();
        ClassDataArchive.ensure();
    }

    /** The coordinator of {@code exploration} in the store at {@code database}. */
    public static LaunchSpec coordinator(Path database, String exploration, NodeSettings settings) {
        return coordinator(DbLocation.of(database), exploration, settings);
    }

    /** The coordinator of {@code exploration} in the store at {@code database}. */
    public static LaunchSpec coordinator(DbLocation database, String exploration, NodeSettings settings) {
        return spec(ProcessRole.COORDINATOR, CoordinatorMain.class.getName(), database, exploration, settings);
    }

    /** A worker of {@code exploration} in the store at {@code database}. */
    public static LaunchSpec worker(Path database, String exploration, NodeSettings settings) {
        return worker(DbLocation.of(database), exploration, settings);
    }

    /** A worker of {@code exploration} in the store at {@code database}. */
    public static LaunchSpec worker(DbLocation database, String exploration, NodeSettings settings) {
        return spec(ProcessRole.WORKER, WorkerMain.class.getName(), database, exploration, settings);
    }

    private static LaunchSpec spec(ProcessRole role, String mainClass, DbLocation database, String exploration,
                                   NodeSettings settings) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(BASE_JVM_OPTIONS);
        if (role == ProcessRole.COORDINATOR) {
            command.addAll(COORDINATOR_JVM_OPTIONS);
        }
        ClassDataArchive.forJar(jar()).ifPresent(archive -> command.addAll(ClassDataArchive.jvmOptions(archive)));
        command.addAll(SqliteNativeLibrary.jvmOptions(SqliteNativeLibrary.forJar(jar())));
        command.add("-cp");
        command.add(jar().map(Path::toString).orElse(System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(NodeArgs.format(database, exploration, settings));
        return new LaunchSpec(role, exploration, command, Map.of(), null);
    }

    /** The {@code java} of the running JVM. */
    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString()
                : ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * This program's jar when it runs from one (the normal case); empty when it runs from a build directory, as in
     * tests, where the nodes get this JVM's class path instead.
     */
    static Optional<Path> jar() {
        CodeSource source = NodeLaunch.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
                return Optional.of(location.toAbsolutePath());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file: fall back to the class path
        }
        return Optional.empty();
    }
}
