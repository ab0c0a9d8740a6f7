package dev.chunkcluster.examples.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * sqlite-jdbc's native library, copied out of the jar once for all the nodes of one build of it. By default every
 * JVM that opens a SQLite connection copies the library (about 1 MB) to a new file in the temporary directory,
 * reads it back to compare, then loads it: about 0.2 s of a worker's start. Given {@code org.sqlite.lib.path} and
 * {@code org.sqlite.lib.name}, sqlite-jdbc loads the named file directly instead.
 *
 * <p>The command-line program uses the copy as well once it exists ({@link #useInThisProcess()}).
 *
 * <p>The copy lives in the temporary directory ({@code chunkcluster-native/}), named like the class-data archive
 * after the jar's path, size and modification time, so another build never uses it. It is written under a
 * temporary name and moved into place, so a node never loads half a file. Since a node loads it as code, it is used
 * only while the directory and the file belong to this user and nobody else may write them; otherwise (or when the
 * copy is missing) the nodes pass no option and sqlite-jdbc extracts the library as usual, which only costs time.
 */
public final class SqliteNativeLibrary {

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);

    private static final String DIRECTORY = "chunkcluster-native";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteNativeLibrary() {
    }

    /** Where the copy for {@code jar} goes; empty when the nodes do not run from a jar. */
    static Optional<Path> forJar(Optional<Path> jar) {
        return ClassDataArchive.fingerprint(jar).map(fingerprint -> Path.of(System.getProperty("java.io.tmpdir"),
                DIRECTORY, fingerprint + "-" + LibraryLoaderUtil.getNativeLibName()));
    }

    /** The JVM options that make a node load {@code library}, when it is there and safe to load. */
    static List<String> jvmOptions(Optional<Path> library) {
        if (library.isEmpty() || !isOwnedAndPrivate(library.get().getParent())
                || !isOwnedAndPrivate(library.get())) {
            return List.of();
        }
        Path path = library.get();
        // tmpdir: where sqlite-jdbc looks for the leftovers of earlier extractions to remove, at every start; a small
        // directory of our own instead of the whole temporary directory.
        return List.of("-Dorg.sqlite.lib.path=" + path.getParent(), "-Dorg.sqlite.lib.name=" + path.getFileName(),
                "-Dorg.sqlite.tmpdir=" + path.getParent());
    }

    /**
     * Makes this process load the copy too, when it is there and safe to load, instead of extracting its own: for the
     * command-line program, which opens its store before it launches any node. Call it before the first SQLite
     * connection; it only sets the system properties that sqlite-jdbc reads when it loads its library.
     */
    public static void useInThisProcess() {
        List<String> options = jvmOptions(forJar(NodeLaunch.jar()));
        for (String option : options) {
            int equals = option.indexOf('=');
            System.setProperty(option.substring("-D".length(), equals), option.substring(equals + 1));
        }
    }

    /**
     * Copies the library out of this program's jar unless an identical copy exists. Never fails the caller: without
     * the copy, nodes only start slower.
     */
    static void ensure() {
        Optional<Path> target = forJar(NodeLaunch.jar());
        if (target.isEmpty()) {
            return;
        }
        Path library = target.get();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        Path temporary = null;
        try {
            byte[] content = read(resource);
            if (content == null) {
                log.debug("sqlite-jdbc has no native library for this platform in the jar ({}); nodes extract their "
                        + "own", resource);
                return;
            }
            Path directory = library.getParent();
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!isOwnedAndPrivate(directory)) {
                log.debug("{} is not this user's alone; nodes extract their own native library", directory);
                return;
            }
            if (Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS)
                    && Arrays.equals(content, Files.readAllBytes(library)) && isOwnedAndPrivate(library)) {
                return;
            }
            removeOlderBuilds(library);
            temporary = Files.createTempFile(directory, "copying-", ".so",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(temporary, content);
            try {
                Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, library, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            log.debug("copied sqlite-jdbc's native library for the nodes to {}", library);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot copy sqlite-jdbc's native library to {}: {}; nodes extract their own", library,
                    e.toString());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", temporary, e.getMessage());
                }
            }
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Copies for earlier builds of the same jar are useless: remove them. */
    private static void removeOlderBuilds(Path library) throws IOException {
        String name = library.getFileName().toString();
        String samePath = name.substring(0, name.indexOf('-') + 1);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(library.getParent(), samePath + "*")) {
            for (Path sibling : siblings) {
                if (!sibling.equals(library)) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    /** Whether {@code path} (not a link) belongs to this user and neither its group nor others may write it. */
    static boolean isOwnedAndPrivate(Path path) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view == null) {
                return false;
            }
            PosixFileAttributes attributes = view.readAttributes();
            if (attributes.isSymbolicLink()) {
                return false;
            }
            UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            Set<PosixFilePermission> permissions = attributes.permissions();
            return attributes.owner().equals(me) && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                    && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
