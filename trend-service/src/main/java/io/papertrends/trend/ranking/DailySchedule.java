package io.papertrends.trend.ranking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Something due once a day at a local time in a time zone, e.g. 08:00 in {@code Europe/Berlin}.
 * On a day the clocks skip that time (daylight saving), it is due at the first instant after
 * the gap; on a day the time occurs twice, at its first occurrence.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DailySchedule {
    private final LocalTime time;
    private final ZoneId zone;

    public DailySchedule(LocalTime time, ZoneId zone) {
        this.time = Objects.requireNonNull(time, "time");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The local date at {@code now}, when that date's time has come; empty before it. */
    public Optional<LocalDate> due(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return now.isBefore(at(today)) ? Optional.empty() : Optional.of(today);
    }

    /** The instant {@code date}'s time comes. */
    public Instant at(LocalDate date) {
        return ZonedDateTime.of(date, time, zone).toInstant();
    }

    public ZoneId zone() {
        return zone;
    }
}
