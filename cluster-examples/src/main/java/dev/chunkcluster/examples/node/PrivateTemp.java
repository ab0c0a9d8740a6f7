package dev.chunkcluster.examples.node;

import dev.chunkcluster.core.error.ChunkClusterException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * This process's own temporary directory, which only this user can write. sqlite-jdbc copies its native library to
 * its temporary directory and loads it from there; left at the shared {@code /tmp}, that is a place every local user
 * can write. So every JVM of this program (the command line and each node) first makes a new directory in the shared
 * one with mode 0700 ({@code mkdir} of a fresh random name: nobody can have prepared it, and the sticky bit of
 * {@code /tmp} keeps others from renaming it), checks that it is this user's and private, and points
 * {@code org.sqlite.tmpdir} and {@code java.io.tmpdir} at it. The directory is removed at exit; those of this user's
 * processes that were killed are removed by the next process that starts.
 */
public final class PrivateTemp {

    private static final String PREFIX = "chunkcluster-";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateTemp() {
    }

    /** Makes the directory and points this process's temporary-file properties at it; call before any SQLite use. */
    public static Path install() {
        return install(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }

    static Path install(Path shared) {
        Path directory;
        try {
            removeKilledProcesses(shared);
            directory = Files.createTempDirectory(shared, PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ChunkClusterException("cannot make a private temporary directory in " + shared + ": " + e
                    + "; make " + shared + " writable for this user, or give another with -Djava.io.tmpdir=DIR", e);
        }
        if (!isPrivate(directory)) {
            throw new ChunkClusterException("the temporary directory " + directory + " is not this user's alone;"
                    + " refusing to load code from it");
        }
        directory.toFile().deleteOnExit();
        System.setProperty("org.sqlite.tmpdir", directory.toString());
        System.setProperty("java.io.tmpdir", directory.toString());
        return directory;
    }

    /** Whether {@code directory} is a directory, not a link, owned by this process's user with mode 0700. */
    static boolean isPrivate(Path directory) {
        try {
            return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                    && ownerUid(directory).equals(myUid())
                    && Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Removes the directories this user's killed processes left ({@code chunkcluster-<pid>-...} whose pid is not
     * alive). Only this user's own private directories are touched, and only the plain files directly in them.
     */
    private static void removeKilledProcesses(Path shared) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shared, PREFIX + "*")) {
            for (Path entry : entries) {
                String pid = entry.getFileName().toString().substring(PREFIX.length()).split("-", 2)[0];
                if (!pid.isEmpty() && pid.length() < 19 && pid.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty() && isPrivate(entry)) {
                    removeQuietly(entry);
                }
            }
        }
    }

    private static void removeQuietly(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // another process removes it at the same time, or it is not empty: the next start tries again
        }
    }

    private static Object ownerUid(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /** This process's user: the owner of {@code /proc/self}. */
    private static Object myUid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
