package dev.chunkcluster.process;

/**
 * A value from outside (a registry file, a file name, a command) made safe for one log line: line breaks, other
 * control characters and lone surrogates are written as escapes, so no value can add a line of its own to a log.
 */
final class LogText {

    private final String text;

    private LogText(String text) {
        this.text = text;
    }

    /** Escapes lazily, when the log line is actually written. */
    static LogText of(Object value) {
        return new LogText(String.valueOf(value));
    }

    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    @Override
    public String toString() {
        return escape(text);
    }
}
