package dev.chunkcluster.process;

import dev.chunkcluster.core.port.ProcessRole;
import dev.chunkcluster.core.port.TrackedProcess;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A registry entry as text and back: {@link Properties} syntax, every value escaped so that no value can break a
 * line, and the exact command as {@code command.N} keys. Parsing refuses anything but a whole entry of this format.
 */
final class RegistryCodec {

    static final String ENTRY_SUFFIX = ".process";
    static final int FORMAT = 2;

    private RegistryCodec() {
    }

    static String fileName(TrackedProcess process) {
        return safe(process.group()) + "." + process.role().label() + "." + process.pid() + "."
                + process.startedAt().toEpochMilli() + ENTRY_SUFFIX;
    }

    /** A name fragment made of letters, digits, '-' and '_' only, whatever the group is called. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
            out.append(plain ? c : '_');
        }
        return out.toString();
    }

    static String format(RegistryEntry entry) {
        TrackedProcess p = entry.process();
        ProcessIdentity id = entry.identity();
        StringBuilder out = new StringBuilder();
        out.append("# ChunkCluster process registry entry. Written atomically; read it, do not edit it.\n");
        put(out, "format", Integer.toString(FORMAT));
        put(out, "group", p.group());
        put(out, "role", p.role().label());
        put(out, "pid", Long.toString(p.pid()));
        put(out, "startedAt", p.startedAt().toString());
        if (id.startTicks() != null) {
            put(out, "startTicks", id.startTicks().toString());
        }
        if (id.bootId() != null) {
            put(out, "bootId", id.bootId());
        }
        put(out, "launchedAt", p.launchedAt().toString());
        put(out, "launcherPid", Long.toString(entry.launcherPid()));
        put(out, "launchSecret", entry.launchSecret());
        put(out, "logFile", p.logFile().toString());
        if (entry.workingDirectory() != null) {
            put(out, "workingDirectory", entry.workingDirectory().toString());
        }
        put(out, "commandLine", commandLine(p.command()));
        put(out, "command.count", Integer.toString(p.command().size()));
        for (int i = 0; i < p.command().size(); i++) {
            put(out, "command." + i, p.command().get(i));
        }
        return out.toString();
    }

    static RegistryEntry parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text (" + e + ")");
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not in properties syntax (" + e.getMessage() + ")");
        }
        String format = required(props, "format");
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IllegalArgumentException("format '" + format + "' is not " + FORMAT
                    + ", the one this version understands");
        }
        String group = required(props, "group");
        ProcessRole role = role(required(props, "role"));
        long pid = number(props, "pid", 1);
        Instant startedAt = instant(props, "startedAt");
        Long startTicks = props.containsKey("startTicks") ? number(props, "startTicks", 0) : null;
        String bootId = props.getProperty("bootId");
        Instant launchedAt = instant(props, "launchedAt");
        long launcherPid = props.containsKey("launcherPid") ? number(props, "launcherPid", 0) : 0;
        String launchSecret = required(props, "launchSecret");
        if (!LaunchSecret.isWellFormed(launchSecret)) {
            throw new IllegalArgumentException("'launchSecret' is not " + LaunchSecret.HEX_LENGTH + " hex digits");
        }
        Path logFile = path(props, "logFile");
        Path workingDirectory = props.containsKey("workingDirectory") ? path(props, "workingDirectory") : null;
        long count = number(props, "command.count", 1);
        if (count > 100_000) {
            throw new IllegalArgumentException("'command.count' is implausibly large: " + count);
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String arg = props.getProperty("command." + i);
            if (arg == null) {
                throw new IllegalArgumentException("'command." + i + "' is missing (a half-written or foreign file?)");
            }
            command.add(arg);
        }
        TrackedProcess process = new TrackedProcess(role, group, pid, startedAt, command, logFile, launchedAt);
        return new RegistryEntry(process, new ProcessIdentity(startedAt, startTicks, bootId), launchSecret,
                launcherPid, workingDirectory, null);
    }

    /** A readable rendering of a command for people; the registry's command.N keys are the exact form. */
    static String commandLine(List<String> command) {
        StringBuilder out = new StringBuilder();
        for (String arg : command) {
            if (out.length() > 0) {
                out.append(' ');
            }
            boolean plain = !arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\''
                    || c == '"' || c == '\\' || c == '$' || c == '`');
            out.append(plain ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }

    private static void put(StringBuilder out, String key, String value) {
        out.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c == ' ' && i == 0) {
                        out.append("\\ ");
                    } else if (c < 0x20 || c == 0x7f || lonelySurrogate(value, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('\n');
    }

    private static boolean lonelySurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static String required(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' is missing (a half-written or foreign file?)");
        }
        return value;
    }

    private static long number(Properties props, String key, long min) {
        String value = required(props, key);
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + key + "' is not a whole number of at least " + min + ": '" + value + "'");
    }

    private static Instant instant(Properties props, String key) {
        String value = required(props, key);
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' is not an ISO-8601 instant: '" + value + "'");
        }
    }

    private static Path path(Properties props, String key) {
        String value = required(props, key);
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + key + "' is not a path: '" + value + "'");
        }
    }

    private static ProcessRole role(String value) {
        for (ProcessRole role : ProcessRole.values()) {
            if (role.label().equals(value.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("'role' is not one of coordinator, worker: '" + value + "'");
    }
}
