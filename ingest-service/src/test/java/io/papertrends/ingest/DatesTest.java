package io.papertrends.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
