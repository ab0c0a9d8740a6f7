package dev.chunkcluster.process;

import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCodecTest {

    static final Instant STARTED = Instant.parse("2025-06-14T02:00:00.120Z");
    static final Instant LAUNCHED = Instant.parse("2025-06-14T02:00:00.100Z");
    static final String SECRET = "0123456789abcdef0123456789abcdef";

    static RegistryEntry entry(String group, long pid, List<String> command) {
        TrackedProcess process = new TrackedProcess(ProcessRole.WORKER, group, pid, STARTED, command,
                Path.of("/var/log/alpha/worker.log"), LAUNCHED);
        return new RegistryEntry(process, new ProcessIdentity(STARTED, 123_456L, "74978504-ebf7"), SECRET, 4_000,
                Path.of("/srv/work dir"), null);
    }

    @Test
    void anEntryRoundTripsExactlyWhateverItsArgumentsContain() {
        List<String> command = List.of("java", "a b", "", " leading space", "tab\there", "new\nline", "cr\rhere",
                "back\\slash", "=equals:colon#hash!bang", "ünïcødé ☃ 😀", "\u0001ctrl\u007f", "lone\uD800surrogate",
                "\\u0041 not an escape");
        RegistryEntry entry = entry("demo/ä b", 12345, command);

        RegistryEntry parsed = RegistryCodec.parse(RegistryCodec.format(entry).getBytes(StandardCharsets.UTF_8));

        assertEquals(entry, parsed);
    }

    @Test
    void theFileIsPlainPropertiesAPersonCanRead() throws IOException {
        String text = RegistryCodec.format(entry("alpha", 12345, List.of("java", "-cp", "app.jar", "Worker")));
        Properties props = new Properties();
        props.load(new StringReader(text));

        assertTrue(text.startsWith("# ChunkCluster process registry entry."), text);
        assertEquals("worker", props.getProperty("role"));
        assertEquals("alpha", props.getProperty("group"));
        assertEquals("12345", props.getProperty("pid"));
        assertEquals("2025-06-14T02:00:00.120Z", props.getProperty("startedAt"));
        assertEquals("java -cp app.jar Worker", props.getProperty("commandLine"));
        assertEquals("/var/log/alpha/worker.log", props.getProperty("logFile"));
        assertEquals("2025-06-14T02:00:00.100Z", props.getProperty("launchedAt"));
        assertEquals(SECRET, props.getProperty("launchSecret"));
    }

    @Test
    void aBrokenEntrySaysWhatIsWrong() {
        String valid = RegistryCodec.format(entry("alpha", 12345, List.of("sleep", "1000")));

        assertParseError("'launchedAt' is missing (a half-written or foreign file?)", valid.replaceAll("(?m)^launchedAt=.*\n", ""));
        assertParseError("'pid' is not a whole number of at least 1: 'abc'", valid.replace("pid=12345", "pid=abc"));
        assertParseError("'pid' is not a whole number of at least 1: '0'", valid.replace("pid=12345", "pid=0"));
        assertParseError("'role' is not one of coordinator, worker: 'boss'", valid.replace("role=worker", "role=boss"));
        assertParseError("'startedAt' is not an ISO-8601 instant: 'yesterday'",
                valid.replaceAll("(?m)^startedAt=.*$", "startedAt=yesterday"));
        assertParseError("format '1' is not 2, the one this version understands", valid.replace("format=2", "format=1"));
        assertParseError("'launchSecret' is missing (a half-written or foreign file?)",
                valid.replaceAll("(?m)^launchSecret=.*\n", ""));
        assertParseError("'launchSecret' is not 32 hex digits", valid.replace(SECRET, "guessed"));
        assertParseError("'command.1' is missing (a half-written or foreign file?)", valid.replace("command.count=2", "command.count=3").replaceAll("(?m)^command\\.1=.*\n", ""));
    }

    @Test
    void namesAndCommandLinesAreReadable() {
        assertEquals("demo___b_-1", RegistryCodec.safe("demo/ä b.-1"));
        assertEquals("java -cp 'my app.jar' '' 'it'\\''s'",
                RegistryCodec.commandLine(List.of("java", "-cp", "my app.jar", "", "it's")));
    }

    private static void assertParseError(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegistryCodec.parse(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, e.getMessage());
    }
}
