package dev.chunkcluster.process;

import com.sun.security.auth.module.UnixSystem;
import dev.chunkcluster.core.error.ProcessControlException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The state and log directories: created with mode {@code 0700} whatever the umask, and refused unless they are real
 * directories (not symbolic links) owned by this user that no other user can write. A directory another user can
 * write lets that user plant registry entries or replace log files by links.
 */
final class PrivateDirectory {

    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final long CURRENT_UID = new UnixSystem().getUid();

    private PrivateDirectory() {
    }

    /** This process's user id. */
    static long currentUid() {
        return CURRENT_UID;
    }

    /** Creates {@code directory} with mode 0700 if it is missing (its parents as usual), then {@link #check}s it. */
    static void prepare(Path directory, String what) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path parent = directory.getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                // The umask may have taken bits away; the directory is new and ours, so set exactly 0700.
                Files.setPosixFilePermissions(directory, DIRECTORY_MODE);
            } catch (FileAlreadyExistsException e) {
                // created by another process meanwhile: checked below like any existing one
            } catch (IOException e) {
                throw new ProcessControlException("cannot create the process " + what + " directory " + directory
                        + ": " + e + "; create it (mkdir -m 700 " + directory + ") or choose another with"
                        + " ProcessOptions", e);
            }
        }
        check(directory, what);
    }

    /** Refuses {@code directory} unless it is a real directory of this user that no other user can write. */
    static void check(Path directory, String what) {
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(directory, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            owner = ((Number) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            throw new ProcessControlException("cannot check the process " + what + " directory " + directory + ": " + e
                    + "; it must be a directory of this user (uid " + CURRENT_UID + ") with mode 700", e);
        }
        if (attributes.isSymbolicLink()) {
            throw new ProcessControlException("the process " + what + " directory " + directory + " is a symbolic link"
                    + " (to " + linkTarget(directory) + "); whoever controls its target could plant registry entries"
                    + " or redirect logs; replace it by a real directory (rm " + directory + " && mkdir -m 700 "
                    + directory + ") or choose another with ProcessOptions");
        }
        if (!attributes.isDirectory()) {
            throw new ProcessControlException("the process " + what + " directory " + directory + " is not a"
                    + " directory; move that file away or choose another directory with ProcessOptions");
        }
        String mode = describe(attributes.permissions());
        if (owner != CURRENT_UID) {
            throw new ProcessControlException("the process " + what + " directory " + directory + " belongs to uid "
                    + owner + " (" + attributes.owner().getName() + "), mode " + mode + ", not to this user (uid "
                    + CURRENT_UID + "); its owner could plant registry entries or replace logs; run as that user, or"
                    + " have it removed, or take it over: chown " + CURRENT_UID + " " + directory + " && chmod 700 "
                    + directory);
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new ProcessControlException("the process " + what + " directory " + directory + " (owner uid "
                    + owner + ") has mode " + mode + ", so other users can write into it and plant registry entries"
                    + " or links; run chmod 700 " + directory);
        }
    }

    /** A mode as {@code 0755 (rwxr-xr-x)}. */
    static String describe(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o (%s)", bits, PosixFilePermissions.toString(permissions));
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }
}
