package dev.chunkcluster.examples.logging;

import ch.qos.logback.core.OutputStreamAppender;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends to a file that is opened without following a symbolic link ({@code O_NOFOLLOW}): a link planted where the
 * log goes (by another user who can write that directory) makes the appender fail to start instead of appending to
 * whatever the link names. The command line checks the path first and reports a link as an error
 * ({@link LogConfiguration#checkLogFile}); this closes the gap between that check and the open.
 */
public final class NoFollowFileAppender<E> extends OutputStreamAppender<E> {

    private String file;

    public void setFile(String file) {
        this.file = file;
    }

    @Override
    public void start() {
        if (file == null) {
            addError("no <file> given for appender " + getName());
            return;
        }
        try {
            setOutputStream(Files.newOutputStream(Path.of(file), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            addError("cannot open log file " + file + " without following links", e);
            return;
        }
        super.start();
    }
}
