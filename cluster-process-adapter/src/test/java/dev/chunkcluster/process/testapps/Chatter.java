package dev.chunkcluster.process.testapps;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes {@code args[0]} bytes of 'x' to stdout, then a marker line to stderr, then exits 0. */
public final class Chatter {

    public static final String STDERR_MARKER = "chatter-stderr-done";

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        try (OutputStream out = new BufferedOutputStream(System.out, block.length)) {
            for (long written = 0; written < total; ) {
                int n = (int) Math.min(block.length, total - written);
                out.write(block, 0, n);
                written += n;
            }
        }
        System.err.write((STDERR_MARKER + "\n").getBytes(StandardCharsets.UTF_8));
        System.err.flush();
    }
}
