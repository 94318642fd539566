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
        Instant utc = utcInstant(s);
        return utc != null ? Optional.of(utc) : formatted(s);
    }

    /** What the formatters make of stripped, non-empty {@code s}: the reference {@link #parse}'s fast path must agree with. */
    static Optional<Instant> formatted(String s) {
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

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} read without the formatter (which
     * costs more than the rest of a record's validation), or {@code null} to leave {@code s} to
     * the formatters: any other shape, and any field out of range, takes the general path.
     */
    static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || (s.charAt(n - 1) | 0x20) != 'z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        return java.time.YearMonth.of(year, month).lengthOfMonth();
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
