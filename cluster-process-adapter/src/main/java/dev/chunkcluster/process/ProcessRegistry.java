package dev.chunkcluster.process;

import dev.chunkcluster.core.error.ProcessControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's file store: one file per launched process in the state directory, in {@link RegistryCodec}'s
 * syntax, written with mode {@code 0600} to a temporary file and renamed into place atomically, so a reader sees a
 * whole entry or none. Files are opened without following symbolic links; an entry that is a link, that belongs to
 * another user, that other users can write, or that cannot be parsed is skipped and reported, never fatal, and left
 * in place for a person to look at.
 */
final class ProcessRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProcessRegistry.class);

    private static final long MAX_ENTRY_BYTES = 1 << 20;

    private final Path directory;
    /** Unreadable entries already reported at WARN (path, size and time), so a status poller does not flood the log. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    ProcessRegistry(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Stores {@code entry} atomically and returns it with its file. */
    RegistryEntry write(RegistryEntry entry) {
        Path target = directory.resolve(RegistryCodec.fileName(entry.process()));
        Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        byte[] bytes = RegistryCodec.format(entry).getBytes(StandardCharsets.UTF_8);
        try {
            // CREATE_NEW never follows a link at the temporary name, and the mode is set before any byte is written.
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PrivateDirectory.FILE_MODE))) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ProcessControlException("cannot record " + entry.process() + " of '" + entry.group()
                    + "': the file system of " + directory + " does not support atomic rename; put the state"
                    + " directory on a local file system", e);
        } catch (IOException e) {
            throw new ProcessControlException("cannot record " + entry.process() + " of '" + entry.group() + "' in "
                    + target + ": " + e + "; check that the directory exists and is writable by this user", e);
        } finally {
            deleteQuietly(temp);
        }
        syncDirectory();
        return entry.at(target);
    }

    /** The readable entries of {@code group}, oldest launch first; unreadable ones are reported and skipped. */
    List<RegistryEntry> read(String group) {
        List<RegistryEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + RegistryCodec.ENTRY_SUFFIX)) {
            for (Path file : files) {
                RegistryEntry entry = readEntry(group, file);
                if (entry != null && entry.group().equals(group)) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new ProcessControlException("exploration '" + group + "': cannot list the process registry "
                    + directory + ": " + e + "; check that it is readable by this user", e);
        }
        entries.sort(Comparator.comparing((RegistryEntry e) -> e.process().launchedAt()).thenComparing(RegistryEntry::pid));
        return entries;
    }

    /** Removes the entry's file; one already removed (by another process) is fine. */
    void delete(RegistryEntry entry) {
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            throw new ProcessControlException("exploration '" + entry.group() + "': cannot remove registry entry "
                    + entry.file() + " of " + entry.process() + ": " + e + "; check that " + directory
                    + " is writable by this user", e);
        }
    }

    private RegistryEntry readEntry(String group, Path file) {
        byte[] bytes;
        FileTime modified;
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            modified = attributes.lastModifiedTime();
            String refusal = refusal(file, attributes);
            if (refusal != null) {
                report(group, file, modified, refusal);
                return null;
            }
            if (attributes.size() > MAX_ENTRY_BYTES) {
                report(group, file, modified, "larger than " + MAX_ENTRY_BYTES + " bytes, not an entry");
                return null;
            }
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS); InputStream in = Channels.newInputStream(channel)) {
                bytes = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            report(group, file, null, "cannot be read: " + e);
            return null;
        }
        try {
            return RegistryCodec.parse(bytes).at(file);
        } catch (IllegalArgumentException e) {
            report(group, file, modified, e.getMessage());
            return null;
        }
    }

    /** Why an entry file is not trusted, or null when it is a regular file of this user that only it can write. */
    private static String refusal(Path file, PosixFileAttributes attributes) throws IOException {
        if (!attributes.isRegularFile()) {
            return attributes.isSymbolicLink() ? "a symbolic link, not an entry this library wrote" : "not a regular file";
        }
        long owner = ((Number) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        if (owner != PrivateDirectory.currentUid()) {
            return "it belongs to uid " + owner + ", not to this user (uid " + PrivateDirectory.currentUid() + ")";
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "its mode " + PrivateDirectory.describe(mode) + " lets other users write it";
        }
        return null;
    }

    private void report(String group, Path file, FileTime modified, String why) {
        if (reported.add(file + "|" + modified)) {
            log.warn("exploration '{}': skipped registry entry {}: {}; it is left in place, remove it once inspected",
                    LogText.of(group), LogText.of(file), LogText.of(why));
        } else {
            log.debug("exploration '{}': skipped registry entry {} again: {}", LogText.of(group), LogText.of(file),
                    LogText.of(why));
        }
    }

    private void syncDirectory() {
        // Makes the rename durable; not every platform can open a directory, and the entry is in place either way.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            log.trace("cannot sync directory {}: {}", directory, e.toString());
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.debug("cannot remove temporary file {}: {}", temp, e.toString());
        }
    }
}
