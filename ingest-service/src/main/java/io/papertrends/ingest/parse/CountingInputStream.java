package io.papertrends.ingest.parse;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, for progress bars: wrap the raw file stream (before
 * decompression) and compare {@link #bytesRead()} with the file size. Safe to poll from another thread.
 */
public final class CountingInputStream extends FilterInputStream {
    private volatile long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count += skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        // A reset would make the count run ahead of the position.
        return false;
    }
}
