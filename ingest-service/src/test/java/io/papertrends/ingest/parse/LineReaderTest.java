package io.papertrends.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void shouldFindTheFirstNewlineAnywhereInARange() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] alphabet = {'a', '\n', '\r', 0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 0x00, 0x0A ^ 0x01};
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = -1;
            for (int j = from; j < to; j++) {
                if (b[j] == '\n') {
                    expected = j;
                    break;
                }
            }
            assertThat(LineReader.indexOfNewline(b, from, to)).as(Arrays.toString(b) + " " + from + ".." + to).isEqualTo(expected);
        }
    }

    @Test
    void shouldSplitLinesAcrossBufferBoundaries() throws IOException {
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 3_000; i++) {
            String line = "x".repeat(random.nextInt(200)) + i;
            expected.add(line);
            text.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
        }
        LineReader reader = new LineReader(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(new String(reader.bytes(), 0, reader.length(), StandardCharsets.UTF_8));
        }
        assertThat(lines).isEqualTo(expected);
    }
}
