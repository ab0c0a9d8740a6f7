package dev.chunkcluster.examples.http;

import dev.chunkcluster.process.LocalProcessController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFileTest {

    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    private Path tokenFile(String mode) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aPrivateFileGivesItsFirstLine() throws IOException {
        assertEquals(TOKEN, TokenFile.read(tokenFile("rw-------")));
        assertEquals(TOKEN, TokenFile.read(tokenFile("r--------")));
    }

    @Test
    void aFileOtherUsersCanReadIsRefusedWithTheFix() throws IOException {
        Path file = tokenFile("rw-r--r--");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(file));

        assertEquals("the token file " + file + " has mode rw-r--r--, so other local users can read or change the"
                + " token; run chmod 600 " + file + " and choose a new token", e.getMessage());
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        Path file = tokenFile("rw-------");
        Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(file));

        assertTrue(e.getMessage().startsWith("the token file " + file + " belongs to uid 65534 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("use a file of your own with mode 600"), e.getMessage());
    }

    @Test
    void aMissingOrEmptyFileSaysHowToMakeOne() throws IOException {
        Path missing = dir.resolve("missing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TokenFile.read(missing)).getMessage()
                .contains("(umask 077; openssl rand -hex 24 > " + missing + ")"));
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-------"));
        assertEquals("the token file " + empty + " is empty; write a token into it, e.g. openssl rand -hex 24 > "
                + empty, assertThrows(IllegalArgumentException.class, () -> TokenFile.read(empty)).getMessage());
    }

    @Test
    void theTokenVariableIsNeverPassedToALaunchedProcess() {
        assertTrue(LocalProcessController.WITHHELD_VARIABLES.contains(ServerOptions.TOKEN_VARIABLE));
    }
}
