package io.papertrends.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Optional;

/**
 * Date parsing of every input format: ISO-8601 instants with an offset or {@code Z}
 * ({@code 2024-01-31T12:00:00Z}, {@code 2003-07-07T13:46:39-04:00}), local date-times and dates
 * (taken as UTC; a date means its start), and the RFC 1123 dates of RSS ({@code Fri, 01 Mar 2024 00:00:00 -0500}).
 */
public final class Dates {
    /** Example forms, quoted in rejection reasons. */
    public static final String EXPECTED = "an ISO-8601 date or instant such as 2024-01-31 or 2024-01-31T12:00:00Z";

    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().append(DateTimeFormatter.ISO_OFFSET_DATE_TIME).toFormatter();
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).toFormatter();

    private Dates() {
    }

    /** The instant {@code text} denotes, or empty when it is in none of the accepted forms. */
    public static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (s.length() <= 10 && s.indexOf('-') > 0) {
                return Optional.of(LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (Character.isLetter(s.charAt(0)) || s.indexOf(' ') > 0) {
                return Optional.of(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            }
            if (hasOffset(s)) {
                return Optional.of(OffsetDateTime.parse(s, OFFSET).toInstant());
            }
            return Optional.of(LocalDateTime.parse(s, LOCAL).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean hasOffset(String s) {
        char last = s.charAt(s.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        int t = Math.max(s.indexOf('T'), s.indexOf('t'));
        return t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
    }
}
