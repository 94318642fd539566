package io.papertrends.trend.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailyScheduleTest {
    private final DailySchedule berlin = new DailySchedule(LocalTime.of(8, 0), ZoneId.of("Europe/Berlin"));

    @Test
    void shouldBeDueFromTheLocalTimeOnInTheZone() {
        assertThat(berlin.due(Instant.parse("2026-11-26T06:59:59Z"))).as("07:59:59 CET").isEmpty();
        assertThat(berlin.due(Instant.parse("2026-11-26T07:00:00Z"))).contains(LocalDate.of(2026, 11, 26));
        assertThat(berlin.due(Instant.parse("2026-07-01T06:00:00Z"))).as("08:00 CEST").contains(LocalDate.of(2026, 7, 1));
        assertThat(new DailySchedule(LocalTime.of(8, 0), ZoneId.of("UTC")).due(Instant.parse("2026-11-26T07:30:00Z"))).isEmpty();
    }

    @Test
    void shouldTakeTheDateInTheZone() {
        // 00:30 on the 27th in Berlin, 23:30 on the 26th in UTC: the 27th's 08:00 has not come, the 26th's is not asked for.
        assertThat(berlin.due(Instant.parse("2026-11-26T23:30:00Z"))).isEmpty();
        DailySchedule late = new DailySchedule(LocalTime.of(0, 15), ZoneId.of("Europe/Berlin"));
        assertThat(late.due(Instant.parse("2026-11-26T23:30:00Z"))).contains(LocalDate.of(2026, 11, 27));
    }

    @Test
    void shouldFallAfterTheGapOnTheDayClocksSkipTheTime() {
        DailySchedule skipped = new DailySchedule(LocalTime.of(2, 30), ZoneId.of("Europe/Berlin"));
        // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        assertThat(skipped.at(LocalDate.of(2026, 3, 29))).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(skipped.due(Instant.parse("2026-03-29T00:59:00Z"))).isEmpty();
        assertThat(skipped.due(Instant.parse("2026-03-29T01:30:00Z"))).contains(LocalDate.of(2026, 3, 29));
    }
}
