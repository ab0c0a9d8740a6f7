package dev.chunkcluster.examples.http;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * A bearer token kept in a file, so that it appears in no command line ({@code ps} shows those to every local user):
 * the file must belong to this user and be readable by nobody else (mode 600 or 400); its first line is the token.
 */
public final class TokenFile {

    private static final int MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private TokenFile() {
    }

    /** The token in {@code file}, after checking who may read it. */
    public static String read(Path file) {
        PosixFileAttributes attributes;
        long owner;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
            owner = ((Number) Files.getAttribute(file, "unix:uid")).longValue();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage()
                    + "; create it with: (umask 077; openssl rand -hex 24 > " + file + ")", e);
        }
        long self = new UnixSystem().getUid();
        String mode = PosixFilePermissions.toString(attributes.permissions());
        if (!attributes.isRegularFile()) {
            throw new IllegalArgumentException("the token file " + file + " is not a regular file; give the path of a"
                    + " file holding the token");
        }
        if (owner != self) {
            throw new IllegalArgumentException("the token file " + file + " belongs to uid " + owner + " ("
                    + attributes.owner().getName() + "), mode " + mode + ", not to this user (uid " + self + "),"
                    + " so its owner knows or can change the token; use a file of your own with mode 600");
        }
        if (attributes.permissions().stream().anyMatch(OTHERS::contains)) {
            throw new IllegalArgumentException("the token file " + file + " has mode " + mode + ", so other local"
                    + " users can read or change the token; run chmod 600 " + file + " and choose a new token");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("the token file " + file + " is larger than " + MAX_BYTES + " bytes;"
                    + " it should hold one line, the token");
        }
        String token = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the token file " + file + " is empty; write a token into it, e.g."
                    + " openssl rand -hex 24 > " + file);
        }
        return token;
    }
}
