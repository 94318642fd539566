package io.papertrends.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8ReaderTest {

    @Test
    void shouldDecodeMultiByteCharactersAcrossBufferBoundaries() throws IOException {
        String text = "a\u00e9\u20ac\uD83D\uDE00".repeat(40_000);
        try (Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            StringBuilder out = new StringBuilder();
            char[] buf = new char[777];
            int n;
            while ((n = reader.read(buf, 0, buf.length)) >= 0) {
                out.append(buf, 0, n);
            }
            assertThat(out.toString()).isEqualTo(text);
        }
    }

    @Test
    void shouldHandOutTheTextBeforeAnInvalidByteThenFail() throws IOException {
        byte[] bytes = {'o', 'k', (byte) 0xFF, 'x'};
        try (Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(bytes))) {
            char[] buf = new char[16];
            assertThat(reader.read(buf, 0, 16)).isEqualTo(2);
            assertThat(new String(buf, 0, 2)).isEqualTo("ok");
            assertThatThrownBy(() -> reader.read(buf, 0, 16)).isInstanceOf(MalformedInputException.class);
        }
    }

    @Test
    void shouldRejectASequenceCutAtTheEnd() throws IOException {
        byte[] bytes = {'a', (byte) 0xE2, (byte) 0x82};
        try (Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(bytes))) {
            char[] buf = new char[16];
            assertThat(reader.read(buf, 0, 16)).isEqualTo(1);
            assertThatThrownBy(() -> reader.read(buf, 0, 16)).isInstanceOf(MalformedInputException.class);
        }
    }
}
