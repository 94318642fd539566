package io.papertrends.ingest;

import io.papertrends.config.Durations;
import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import java.time.Duration;

/**
 * Size limits applied to input; a record over a limit is rejected ({@code TOO_LONG}), never cut.
 * Configured with {@code papertrends.ingest.max.*} settings; the defaults suit arXiv-like data.
 *
 * @param maxTitleChars    longest title, in characters after normalisation (default 1000)
 * @param maxAbstractChars longest abstract (default 20000)
 * @param maxAuthors       most authors of one paper (default 2000: collaborations are large)
 * @param maxFieldChars    longest other text field: an author, a category, a URL, an id (default 1000)
 * @param maxRecordBytes   longest line of a line-oriented input, or XML entry (default 1 MiB)
 * @param maxRawBytes      raw bytes kept in a {@code RejectedRecord} (default 64 KiB)
 * @param maxEventAge      oldest event accepted, against the clock: older ones no popularity window
 *                         can count any more (default: the largest of {@code papertrends.popularity.windows}
 *                         plus {@code papertrends.popularity.grace}, 7 d 15 min with the defaults)
 * @param maxEventSkew     furthest an event may be dated ahead of the clock (default 5 min, the enrich
 *                         service's {@code papertrends.popularity.max.future})
 */
public record IngestLimits(int maxTitleChars, int maxAbstractChars, int maxAuthors, int maxFieldChars,
                           int maxRecordBytes, int maxRawBytes, Duration maxEventAge, Duration maxEventSkew) {

    /** Setting of {@link #maxTitleChars()}. */
    public static final String MAX_TITLE_CHARS = "papertrends.ingest.max.title.chars";
    /** Setting of {@link #maxAbstractChars()}. */
    public static final String MAX_ABSTRACT_CHARS = "papertrends.ingest.max.abstract.chars";
    /** Setting of {@link #maxAuthors()}. */
    public static final String MAX_AUTHORS = "papertrends.ingest.max.authors";
    /** Setting of {@link #maxFieldChars()}. */
    public static final String MAX_FIELD_CHARS = "papertrends.ingest.max.field.chars";
    /** Setting of {@link #maxRecordBytes()}. */
    public static final String MAX_RECORD_BYTES = "papertrends.ingest.max.record.bytes";
    /** Setting of {@link #maxRawBytes()}. */
    public static final String MAX_RAW_BYTES = "papertrends.ingest.max.raw.bytes";
    /** Setting of {@link #maxEventAge()}. */
    public static final String MAX_EVENT_AGE = "papertrends.ingest.events.max.age";
    /** Setting of {@link #maxEventSkew()}. */
    public static final String MAX_EVENT_SKEW = "papertrends.ingest.events.max.skew";
    private static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

    public IngestLimits {
        if (maxTitleChars < 1 || maxAbstractChars < 1 || maxAuthors < 0 || maxFieldChars < 1 || maxRecordBytes < 1 || maxRawBytes < 0
                || maxEventAge.isNegative() || maxEventSkew.isNegative()) {
            throw new IllegalArgumentException("ingest limits must be positive: " + this);
        }
    }

    /** The default limits. */
    public static IngestLimits defaults() {
        return new IngestLimits(1000, 20_000, 2000, 1000, 1 << 20, 64 << 10, countableAge(Settings.of(java.util.Map.of())), DEFAULT_SKEW);
    }

    /** Limits from settings, each falling back to its default. */
    public static IngestLimits from(Settings settings) {
        IngestLimits d = defaults();
        return new IngestLimits(
                settings.getInt(MAX_TITLE_CHARS, d.maxTitleChars),
                settings.getInt(MAX_ABSTRACT_CHARS, d.maxAbstractChars),
                settings.getInt(MAX_AUTHORS, d.maxAuthors),
                settings.getInt(MAX_FIELD_CHARS, d.maxFieldChars),
                settings.getInt(MAX_RECORD_BYTES, d.maxRecordBytes),
                settings.getInt(MAX_RAW_BYTES, d.maxRawBytes),
                settings.get(MAX_EVENT_AGE).map(Durations::parse).orElseGet(() -> countableAge(settings)),
                settings.getDuration(MAX_EVENT_SKEW, Durations.format(DEFAULT_SKEW)));
    }

    /** How old an event the configured popularity windows can still count: the largest window plus the grace period. */
    static Duration countableAge(Settings settings) {
        long largest = WindowList.from(settings).stream().mapToLong(w -> w.size().toMillis()).max().orElse(0);
        return Duration.ofMillis(largest).plus(settings.getDuration(WindowList.GRACE, WindowList.DEFAULT_GRACE));
    }

    /** A copy with another abstract limit. */
    public IngestLimits withMaxAbstractChars(int chars) {
        return new IngestLimits(maxTitleChars, chars, maxAuthors, maxFieldChars, maxRecordBytes, maxRawBytes, maxEventAge, maxEventSkew);
    }

    /** A copy with another record (line) limit. */
    public IngestLimits withMaxRecordBytes(int bytes) {
        return new IngestLimits(maxTitleChars, maxAbstractChars, maxAuthors, maxFieldChars, bytes, maxRawBytes, maxEventAge, maxEventSkew);
    }
}
