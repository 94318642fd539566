package io.papertrends.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly, handing out every character before the first invalid byte and only
 * then failing with a {@link MalformedInputException}. ({@code InputStreamReader} drops the
 * characters decoded in the same read as the bad byte, which would lose the feed entries that
 * precede it.)
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private CharacterCodingException pending;
    private boolean eof;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (pending != null) {
            throw pending;
        }
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buf, off, len);
        while (true) {
            CoderResult r = decoder.decode(bytes, out, eof);
            int produced = out.position() - off;
            if (r.isError()) {
                pending = new MalformedInputException(r.length());
                if (produced > 0) {
                    return produced;
                }
                throw pending;
            }
            if (r.isOverflow() || produced > 0) {
                return produced;
            }
            if (eof) {
                decoder.flush(out);
                produced = out.position() - off;
                return produced > 0 ? produced : -1;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
