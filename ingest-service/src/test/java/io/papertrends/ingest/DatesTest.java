package io.papertrends.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatesTest {

    @ParameterizedTest
    @CsvSource({
            "2024-01-31T12:00:00Z, 2024-01-31T12:00:00Z",
            "2024-01-31t12:00:00z, 2024-01-31T12:00:00Z",
            "2024-01-31T12:00:00.250Z, 2024-01-31T12:00:00.250Z",
            "2003-07-07T13:46:39-04:00, 2003-07-07T17:46:39Z",
            "2024-01-31T12:00:00+01:00, 2024-01-31T11:00:00Z",
            "2024-01-31T12:00:00, 2024-01-31T12:00:00Z",
            "2024-01-31, 2024-01-31T00:00:00Z",
            "'Fri, 01 Mar 2024 00:00:00 -0500', 2024-03-01T05:00:00Z",
            "'Fri, 1 Mar 2024 05:00:00 GMT', 2024-03-01T05:00:00Z"
    })
    void shouldParseIsoAndRssDates(String text, String expected) {
        assertThat(Dates.parse(text)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-13-01", "2024-02-30", "31/01/2024", "2024-01-31T25:00:00Z", "1706702400000"})
    void shouldRejectOtherText(String text) {
        assertThat(Dates.parse(text)).isEmpty();
    }

    @Test
    void shouldReadUtcInstantsExactlyAsTheFormattersDo() {
        // Random digits in the fast path's shape (and near it): leap days, month ends, hours 24,
        // seconds 60, fractions of 0-10 digits, lower-case letters, offsets instead of Z.
        SplittableRandom random = new SplittableRandom(7);
        String[] tails = {"Z", "z", "+00:00", "-04:00", ""};
        int fast = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%04d-%02d-%02d", random.nextInt(2, 10_000), random.nextInt(0, 14), random.nextInt(0, 33)));
            sb.append(random.nextInt(10) == 0 ? 't' : 'T');
            sb.append(String.format("%02d:%02d:%02d", random.nextInt(0, 26), random.nextInt(0, 61), random.nextInt(0, 62)));
            if (random.nextBoolean()) {
                sb.append('.');
                int digits = random.nextInt(0, 11);
                for (int d = 0; d < digits; d++) {
                    sb.append((char) ('0' + random.nextInt(10)));
                }
            }
            sb.append(tails[random.nextInt(10) < 7 ? 0 : random.nextInt(tails.length)]);
            String text = sb.toString();
            if (Dates.utcInstant(text) != null) {
                fast++;
            }
            assertThat(Dates.parse(text)).as(text).isEqualTo(Dates.formatted(text));
        }
        assertThat(fast).isGreaterThan(50_000);
    }
}
