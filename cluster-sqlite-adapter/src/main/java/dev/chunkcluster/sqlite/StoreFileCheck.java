package dev.chunkcluster.sqlite;

import dev.chunkcluster.core.error.IncompatibleStoreException;
import dev.chunkcluster.core.error.ReadOnlyStoreException;
import dev.chunkcluster.core.error.StoreUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks made before a database file is opened, so that a user's mistake is reported with its fix and nothing is
 * written: the directory exists, this process may write the file, its {@code -wal}/{@code -shm}/{@code -journal}
 * files and its directory. It never changes ownership or modes.
 *
 * <p>These checks only look at the file's metadata, never open it: SQLite's locks are POSIX advisory locks, and a
 * process that closes any descriptor of the file loses every lock it holds on it, those of its other SQLite
 * connections included. Only after SQLite has refused a file as not a database is its header read, for the message
 * ({@link #requireSqliteHeader}).
 */
final class StoreFileCheck {

    static final List<String> SIDE_FILE_SUFFIXES = List.of("-wal", "-shm", "-journal");

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_HEADER_SIZE = 100;

    /** Who this process is, for messages: uid and gid, or -1 where the platform does not say. */
    record ProcessIdentity(long uid, long gid) {

        static ProcessIdentity current() {
            try {
                com.sun.security.auth.module.UnixSystem unix = new com.sun.security.auth.module.UnixSystem();
                return new ProcessIdentity(unix.getUid(), unix.getGid());
            } catch (LinkageError | RuntimeException notUnix) {
                return new ProcessIdentity(-1, -1);
            }
        }

        boolean known() {
            return uid >= 0;
        }
    }

    /** A file or directory this process cannot use as it must, with what the file system says about it. */
    record Problem(Path path, boolean directory, long ownerUid, String mode) {

        String describe() {
            return (directory ? "its directory " : "") + path + " is owned by uid "
                    + (ownerUid < 0 ? "(unknown)" : String.valueOf(ownerUid)) + " with mode " + mode;
        }
    }

    private StoreFileCheck() {
    }

    /**
     * Checks {@code database} (absolute) and its directory.
     *
     * @throws StoreUnavailableException  the directory does not exist, or the path is a directory
     * @throws ReadOnlyStoreException      the file, a side file or the directory is not writable by this process
     */
    static void check(Path database) {
        check(database, ProcessIdentity.current());
    }

    static void check(Path database, ProcessIdentity identity) {
        Path directory = database.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new StoreUnavailableException("SQLite database " + database + " cannot be opened: its directory "
                    + directory + " does not exist. Create it (mkdir -p '" + directory + "') or choose another path");
        }
        boolean exists = Files.exists(database);
        if (exists && Files.isDirectory(database)) {
            throw new StoreUnavailableException("SQLite database " + database + " cannot be opened: it is a directory."
                    + " Give the path of a file (it is created if missing)");
        }
        List<Problem> problems = new ArrayList<>();
        if (exists && refusesReadAndWrite(database)) {
            problems.add(problem(database, false));
        }
        for (String suffix : SIDE_FILE_SUFFIXES) {
            Path side = database.resolveSibling(database.getFileName() + suffix);
            if (refusesReadAndWrite(side)) {
                problems.add(problem(side, false));
            }
        }
        if (!(Files.isWritable(directory) && Files.isExecutable(directory))) {
            problems.add(problem(directory, true));
        }
        if (!problems.isEmpty()) {
            throw new ReadOnlyStoreException(readOnlyMessage(database, exists, problems, identity));
        }
    }

    static String readOnlyMessage(Path database, boolean exists, List<Problem> problems, ProcessIdentity identity) {
        String who = identity.known() ? "uid " + identity.uid() : "its user";
        StringBuilder message = new StringBuilder("SQLite database ").append(database)
                .append(exists ? " cannot be written" : " cannot be created")
                .append(" by this process (").append(who).append("): ");
        for (int i = 0; i < problems.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(problems.get(i).describe());
        }
        message.append(". SQLite writes the database file and creates its -wal and -shm files beside it, so this ")
                .append("process needs write access to the file and its directory. Fix it as root or the owner, then ")
                .append("open again:");
        String owner = identity.known() ? identity.uid() + (identity.gid() >= 0 ? ":" + identity.gid() : "") : "USER";
        for (Problem problem : problems) {
            message.append("\n  chown ").append(owner).append(" '").append(problem.path()).append("'");
            message.append("\n  chmod ").append(problem.directory() ? "u+rwx" : "u+rw").append(" '")
                    .append(problem.path()).append("'");
        }
        long otherOwner = problems.get(0).ownerUid();
        if (otherOwner >= 0 && otherOwner != identity.uid()) {
            message.append("\nor run this process as uid ").append(otherOwner).append(", the owner");
        }
        return message.append(".\nChunkCluster never changes ownership or modes itself; nothing was written.")
                .toString();
    }

    /**
     * Whether {@code path} exists and this process may not read and write it, in one access check: the side files come
     * and go with other connections' transactions (a {@code -journal} lives for one transaction), and one deleted
     * between a check of its existence and a check of its access would otherwise be reported as unwritable.
     */
    private static boolean refusesReadAndWrite(Path path) {
        try {
            path.getFileSystem().provider().checkAccess(path, AccessMode.READ, AccessMode.WRITE);
            return false;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static Problem problem(Path path, boolean directory) {
        long owner = -1;
        String mode = "(unknown)";
        try {
            owner = ((Number) Files.getAttribute(path, "unix:uid")).longValue();
            int bits = ((Number) Files.getAttribute(path, "unix:mode")).intValue() & 07777;
            mode = String.format("%03o", bits) + " ("
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // Not a POSIX file system: the message goes without owner and mode.
        }
        return new Problem(path, directory, owner, mode);
    }

    /**
     * For a file SQLite refused as not a database: throws the message that shows what the file starts with, unless it
     * does start with the SQLite header (then the caller's error, a damaged database, stands).
     */
    static void requireSqliteHeader(Path database) {
        byte[] header;
        try (InputStream in = Files.newInputStream(database)) {
            header = in.readNBytes(SQLITE_HEADER_SIZE);
        } catch (IOException e) {
            throw new StoreUnavailableException("SQLite database " + database + " cannot be read: " + e.getMessage()
                    + ". Check that the file is readable by this process", e);
        }
        if (header.length == 0) {
            return;
        }
        if (header.length < SQLITE_HEADER_SIZE
                || !Arrays.equals(header, 0, SQLITE_HEADER.length, SQLITE_HEADER, 0, SQLITE_HEADER.length)) {
            throw new IncompatibleStoreException("SQLite database " + database + " cannot be used: the file is not a "
                    + "SQLite database (it does not start with the SQLite header; starts with \""
                    + preview(header) + "\"). It may be another application's file or a damaged copy; nothing was "
                    + "changed. Give ChunkCluster a new path (the file is created), or, if this was a ChunkCluster "
                    + "database, restore it from a backup; file '" + database + "' tells what it is");
        }
    }

    private static String preview(byte[] header) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(16, header.length); i++) {
            int b = header[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f && b != '"' ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }
}
