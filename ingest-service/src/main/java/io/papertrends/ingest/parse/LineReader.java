package io.papertrends.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) without decoding them, so invalid
 * UTF-8 is detected per line and one bad line does not poison the rest. A line longer than the
 * limit is kept only up to the limit (for the reject record) and flagged; the rest is skipped
 * without buffering it.
 */
final class LineReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int end;
    private byte[] line = new byte[256];
    private int length;
    private boolean tooLong;
    private long fullLength;
    private long number;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of input. */
    boolean next() throws IOException {
        length = 0;
        fullLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof || !fill()) {
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            int nl = indexOfNewline(buf, pos, end);
            int chunkEnd = nl >= 0 ? nl : end;
            append(start, chunkEnd - start);
            pos = nl >= 0 ? nl + 1 : end;
            if (nl >= 0) {
                break;
            }
        }
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        number++;
        return true;
    }

    /** Index of the first {@code \n} in {@code b[from, to)}, or -1; eight bytes at a time. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            // The lowest byte flagged here is the first zero byte of w, i.e. the first newline.
            long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private void append(int from, int count) {
        fullLength += count;
        int room = maxLineBytes - length;
        int take = Math.min(room, count);
        if (take < count) {
            tooLong = true;
        }
        if (take > 0) {
            if (length + take > line.length) {
                line = Arrays.copyOf(line, Math.max(length + take, Math.min(maxLineBytes, line.length * 2)));
            }
            System.arraycopy(buf, from, line, length, take);
            length += take;
        }
    }

    /** The bytes of the current line (valid until the next call); only the first {@link #length()} count. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** A copy of the current line's kept bytes. */
    byte[] copy() {
        return Arrays.copyOf(line, length);
    }

    /** Whether the current line was longer than the limit (and cut). */
    boolean tooLong() {
        return tooLong;
    }

    /** Length in bytes of the current line as it was in the input, before any cut. */
    long fullLength() {
        return fullLength;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    /** Whether the current line holds only ASCII whitespace. */
    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
