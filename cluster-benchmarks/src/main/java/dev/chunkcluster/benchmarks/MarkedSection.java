package dev.chunkcluster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A section of {@code docs/benchmarks.md} that one report program writes between two HTML comments, so that running
 * that program again replaces its section and leaves the rest of the file alone.
 *
 * @param begin the comment that opens the section
 * @param end   the comment that closes it
 */
record MarkedSection(String begin, String end) {

    /** {@code document} with this section replaced by {@code section}, or {@code section} appended when it has none. */
    String merge(String document, String section) {
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from >= 0 && to > from) {
            return document.substring(0, from) + section + document.substring(to + end.length()).stripLeading();
        }
        String head = document.isEmpty() || document.endsWith("\n\n") ? document
                : document.endsWith("\n") ? document + "\n" : document + "\n\n";
        return head + section;
    }

    /** Writes {@code section} into the file {@code into}: {@link #merge merged} with what it holds, if it exists. */
    void writeInto(Path into, String section) throws IOException {
        Files.writeString(into, merge(Files.exists(into) ? Files.readString(into) : "", section));
    }

    /** This section of {@code document}, both comments included and ending with a newline, if it has one. */
    Optional<String> in(String document) {
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            return Optional.empty();
        }
        return Optional.of(document.substring(from, to + end.length()) + "\n");
    }
}
