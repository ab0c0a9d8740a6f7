package dev.chunkcluster.examples.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A class-data sharing archive of the classes a coordinator or worker loads (the SQLite adapter's jOOQ, sqlite-jdbc,
 * logback, the core): with it a node JVM maps them instead of loading and verifying them from the jar, which roughly
 * halves the time from launch to first claim and saves some memory.
 *
 * <p>The archive lives in the temporary directory ({@code chunkcluster-cds/}), one per jar build and JVM: its name
 * carries a fingerprint of the jar's path, size and modification time and of the JVM. It is made once, by running
 * {@link NodeWarmup} with {@code -XX:ArchiveClassesAtExit}, and written under a temporary name then moved into place,
 * so a reader never sees half a file. A missing, stale or unreadable archive only costs speed: the JVM
 * ({@code -Xshare:auto}) then loads classes as usual.
 */
public final class ClassDataArchive {

    private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);

    private static final String DIRECTORY = "chunkcluster-cds";
    private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(2);

    private ClassDataArchive() {
    }

    /** The archive for {@code jar} on this JVM; empty when the nodes do not run from a jar. */
    static Optional<Path> forJar(Optional<Path> jar) {
        return fingerprint(jar).map(fingerprint -> Path.of(System.getProperty("java.io.tmpdir"), DIRECTORY,
                fingerprint + ".jsa"));
    }

    /**
     * What names the files made for the nodes of {@code jar} on this JVM: a hash of the jar's path, a dash, and a hash
     * of its size, its modification time and the JVM. Empty when the nodes do not run from a jar.
     */
    static Optional<String> fingerprint(Optional<Path> jar) {
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = jar.get().toAbsolutePath().normalize();
            String jvm = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
            String build = Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis() + "|" + jvm;
            return Optional.of(hash(path.toString()) + "-" + hash(build));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** JVM options that use {@code archive} when it is there and valid, and say nothing when it is not. */
    static List<String> jvmOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * Makes the archive for the nodes of this jar unless it exists: a short JVM run (a couple of seconds, once per
     * build of the jar). Never fails the caller: without an archive the nodes only start slower.
     */
    static void ensure() {
        Optional<Path> jar = NodeLaunch.jar();
        Optional<Path> archive = forJar(jar);
        if (archive.isEmpty() || Files.isRegularFile(archive.get())) {
            return;
        }
        Path target = archive.get();
        Path temporary = null;
        Path scratch = null;
        try {
            Files.createDirectories(target.getParent());
            removeOlderBuilds(target);
            temporary = Files.createTempFile(target.getParent(), "creating-", ".jsa");
            Files.delete(temporary);
            scratch = Files.createTempDirectory(target.getParent(), "warmup-");
            List<String> command = new ArrayList<>();
            command.add(NodeLaunch.javaExecutable());
            command.addAll(NodeLaunch.BASE_JVM_OPTIONS);
            command.addAll(SqliteNativeLibrary.jvmOptions(SqliteNativeLibrary.forJar(jar)));
            command.add("-XX:ArchiveClassesAtExit=" + temporary);
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
            command.add("-cp");
            command.add(jar.get().toString());
            command.add(NodeWarmup.class.getName());
            command.add(scratch.toString());
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                log.debug("class-data archive: warm-up did not finish within {} s; nodes start without it",
                        CREATE_TIMEOUT.toSeconds());
                return;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(temporary)) {
                log.debug("class-data archive: warm-up exited with {}; nodes start without it", process.exitValue());
                return;
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            log.debug("made the class-data archive for node JVMs in {} ms: {}",
                    (System.nanoTime() - start) / 1_000_000, target);
        } catch (IOException e) {
            log.debug("class-data archive: cannot make {}: {}", target, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(temporary);
            deleteQuietly(scratch);
        }
    }

    /** Archives of earlier builds of the same jar are useless (the JVM refuses them): remove them. */
    private static void removeOlderBuilds(Path target) throws IOException {
        String name = target.getFileName().toString();
        String samePath = name.substring(0, name.indexOf('-') + 1);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(), samePath + "*.jsa")) {
            for (Path sibling : siblings) {
                if (!sibling.equals(target)) {
                    deleteQuietly(sibling);
                }
            }
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            if (Files.isDirectory(path)) {
                try (var paths = Files.walk(path)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", path, e.getMessage());
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
