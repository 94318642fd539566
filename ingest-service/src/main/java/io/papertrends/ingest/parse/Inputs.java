package io.papertrends.ingest.parse;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening inputs: files or standard input, gzip recognised by its magic bytes whatever the file name. */
public final class Inputs {
    private static final int BUFFER = 1 << 16;

    private Inputs() {
    }

    /**
     * Opens a file, or standard input for {@code -}, decompressing gzip. Closing the result of
     * {@code -} does not close {@code System.in}.
     */
    public static InputStream open(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return decompressIfGzip(stdin());
        }
        return open(Path.of(pathOrDash));
    }

    /** Standard input as read, not decompressed; closing it leaves {@code System.in} open. */
    public static InputStream stdin() {
        return new FilterInputStream(System.in) {
            @Override
            public void close() {
                // System.in belongs to the process; a reader of it must not close it.
            }
        };
    }

    /** Opens a file, decompressing gzip. */
    public static InputStream open(Path path) throws IOException {
        return decompressIfGzip(Files.newInputStream(path));
    }

    /** {@code in} itself (buffered), or a gunzipping stream over it when it starts with the gzip magic bytes {@code 1f 8b}. */
    public static InputStream decompressIfGzip(InputStream in) throws IOException {
        BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER), BUFFER);
        }
        return buffered;
    }
}
