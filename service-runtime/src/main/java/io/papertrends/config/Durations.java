package io.papertrends.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 90s}, {@code 10m}, {@code 1h30m},
 * {@code 2d}, {@code 500ms}, or ISO-8601 ({@code PT10M}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String EXAMPLES = "use e.g. 90s, 10m, 1h30m, 2d or ISO-8601 PT10M";

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms when it is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("missing duration: " + EXAMPLES);
        }
        String t = text.strip();
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "': " + EXAMPLES, e);
            }
        }
        Matcher m = PART.matcher(t.toLowerCase(Locale.ROOT));
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid duration '" + text + "': number too large", e);
            }
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': " + EXAMPLES);
        }
        return total;
    }

    /** The short form {@link #parse} reads back: {@code 30m}, {@code 1h30m}, {@code 2d}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        Duration rest = d.abs();
        long days = rest.toDays();
        rest = rest.minusDays(days);
        long hours = rest.toHours();
        rest = rest.minusHours(hours);
        long minutes = rest.toMinutes();
        rest = rest.minusMinutes(minutes);
        long seconds = rest.toSeconds();
        rest = rest.minusSeconds(seconds);
        long millis = rest.toMillis();
        append(sb, days, "d");
        append(sb, hours, "h");
        append(sb, minutes, "m");
        append(sb, seconds, "s");
        append(sb, millis, "ms");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long n, String unit) {
        if (n != 0) {
            sb.append(n).append(unit);
        }
    }
}
