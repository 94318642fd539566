package io.papertrends.trend.core;

import io.papertrends.config.Settings;
import io.papertrends.trend.ranking.TrendingScore;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;

import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Settings of the trending rankings.
 *
 * <ul>
 *   <li>{@code papertrends.trend.top.k}: papers per ranking (scope and window), default 50</li>
 *   <li>{@code papertrends.trend.update.interval}: at most one {@code trending-updates} record per
 *       scope and window per this interval, wall clock; also how often rankings are re-ranked
 *       for decay (default 1s)</li>
 *   <li>{@code papertrends.trend.half.life}: time without activity after which a score has
 *       halved (default 2h)</li>
 *   <li>{@code papertrends.trend.baseline.alpha}: weight of a new closed window in a paper's own
 *       baseline (default 0.1: a memory of about ten closed windows, i.e. 10 h of 24 h windows
 *       advancing by 1 h), at most; see the next setting</li>
 *   <li>{@code papertrends.trend.baseline.memory}: a paper's baseline remembers at least about
 *       this long of closed windows (default 1h): a window that closes every {@code Δ} weighs in
 *       with {@code min(alpha, 1 − e^(−Δ/memory))}. A short window advancing by a minute (the
 *       10 min "now" window) would otherwise remember only ten minutes, so that a small paper's
 *       expectation follows its own noise and its own burst</li>
 *   <li>{@code papertrends.trend.field.alpha}: weight of a new closed window in the field-wide
 *       baseline (default 0.05)</li>
 *   <li>{@code papertrends.trend.min.expected}: floor of the expected engagement (default 1)</li>
 *   <li>{@code papertrends.trend.min.score}: papers scoring below it are not ranked, and leave a
 *       ranking once their score has decayed below it (default 1)</li>
 *   <li>{@code papertrends.trend.min.events}: events a paper needs in a window to rank in it, the
 *       minimum support of its score (default 5)</li>
 *   <li>{@code papertrends.trend.scope.interval}: how often the rankings of {@code keyword:} and
 *       {@code category:} scopes are brought up to date (default 5 s, at least the update
 *       interval); the {@code global} rankings follow every update interval. There are as many
 *       such rankings as keyphrases and categories in use, and most change at every popularity
 *       update, so this bounds the partition stage's candidate lists sent per second to the
 *       merge: about (keyword and category rankings × partitions) / this interval</li>
 *   <li>{@code papertrends.trend.cache.max.bytes}: bytes of live objects each store of the
 *       partition stage keeps per task in memory, written to the store at each commit (default
 *       16 MiB; beyond it the least recently used are written back and dropped)</li>
 *   <li>{@code papertrends.trend.keyphrases}: a paper's top keyphrases that get a
 *       {@code keyword:} scope (default 3)</li>
 *   <li>{@code papertrends.trend.categories}: a paper's first categories that get a
 *       {@code category:} scope (default 3)</li>
 *   <li>{@code papertrends.trend.state.retention}: what is known of a paper in a window (its
 *       baseline) is forgotten after this long without any popularity record (default 7d)</li>
 *   <li>{@code papertrends.trend.keywords.top.k}: keyphrases per {@code trending-keywords} ranking
 *       (window), default 50, in 1..1000</li>
 *   <li>{@code papertrends.trend.digest.time}: local time of day the daily {@code trending-digest}
 *       is produced, {@code HH:mm} (default {@code 08:00})</li>
 *   <li>{@code papertrends.trend.digest.zone}: IANA time zone of that time and of the digest's
 *       date (default {@code UTC}), e.g. {@code Europe/Berlin}</li>
 *   <li>{@code papertrends.trend.digest.size}: papers per digest (default 10, in 1..1000)</li>
 *   <li>{@code papertrends.trend.digest.window}: window whose rankings the digest is taken from
 *       (default {@code 24h})</li>
 * </ul>
 * Durations are written {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or in ISO-8601. A value
 * that cannot work is rejected with an {@link IllegalArgumentException} naming its key.
 */
public record TrendConfig(int topK, long updateIntervalMs, long halfLifeMs, double baselineAlpha, double fieldAlpha,
                          double minExpected, double minScore, int keyphrases, int categories, long stateRetentionMs,
                          int keywordsTopK, LocalTime digestTime, ZoneId digestZone, int digestSize, String digestWindow,
                          long baselineMemoryMs, double minEvents, long cacheMaxBytes, long scopeIntervalMs) {
    public static final String TOP_K = "papertrends.trend.top.k";
    public static final String UPDATE_INTERVAL = "papertrends.trend.update.interval";
    public static final String HALF_LIFE = "papertrends.trend.half.life";
    public static final String BASELINE_ALPHA = "papertrends.trend.baseline.alpha";
    public static final String FIELD_ALPHA = "papertrends.trend.field.alpha";
    public static final String MIN_EXPECTED = "papertrends.trend.min.expected";
    public static final String MIN_SCORE = "papertrends.trend.min.score";
    public static final String BASELINE_MEMORY = "papertrends.trend.baseline.memory";
    public static final String MIN_EVENTS = "papertrends.trend.min.events";
    public static final String CACHE_MAX_BYTES = "papertrends.trend.cache.max.bytes";
    public static final String SCOPE_INTERVAL = "papertrends.trend.scope.interval";
    public static final String KEYPHRASES = "papertrends.trend.keyphrases";
    public static final String CATEGORIES = "papertrends.trend.categories";
    public static final String STATE_RETENTION = "papertrends.trend.state.retention";
    public static final String KEYWORDS_TOP_K = "papertrends.trend.keywords.top.k";
    public static final String DIGEST_TIME = "papertrends.trend.digest.time";
    public static final String DIGEST_ZONE = "papertrends.trend.digest.zone";
    public static final String DIGEST_SIZE = "papertrends.trend.digest.size";
    public static final String DIGEST_WINDOW = "papertrends.trend.digest.window";

    private static final int DEFAULT_KEYWORDS_TOP_K = 50;
    private static final LocalTime DEFAULT_DIGEST_TIME = LocalTime.of(8, 0);
    private static final int DEFAULT_DIGEST_SIZE = 10;
    private static final String DEFAULT_DIGEST_WINDOW = "24h";
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String DEFAULT_BASELINE_MEMORY = "1h";
    private static final double DEFAULT_MIN_EVENTS = 5;
    private static final long DEFAULT_CACHE_MAX_BYTES = 16L * 1024 * 1024;
    private static final long DEFAULT_SCOPE_INTERVAL_MS = 5000;

    /** The ranking settings alone; trending keywords and the digest keep their defaults. */
    public TrendConfig(int topK, long updateIntervalMs, long halfLifeMs, double baselineAlpha, double fieldAlpha,
                       double minExpected, double minScore, int keyphrases, int categories, long stateRetentionMs) {
        this(topK, updateIntervalMs, halfLifeMs, baselineAlpha, fieldAlpha, minExpected, minScore, keyphrases, categories,
                stateRetentionMs, DEFAULT_KEYWORDS_TOP_K, DEFAULT_DIGEST_TIME, UTC, DEFAULT_DIGEST_SIZE, DEFAULT_DIGEST_WINDOW,
                3_600_000L, DEFAULT_MIN_EVENTS, DEFAULT_CACHE_MAX_BYTES, updateIntervalMs);
    }

    public TrendConfig {
        if (topK <= 0 || topK > 1000) {
            throw new IllegalArgumentException(TOP_K + " must be in 1..1000, got " + topK);
        }
        if (updateIntervalMs <= 0) {
            throw new IllegalArgumentException(UPDATE_INTERVAL + " must be > 0");
        }
        if (halfLifeMs <= 0) {
            throw new IllegalArgumentException(HALF_LIFE + " must be > 0");
        }
        requireFraction(BASELINE_ALPHA, baselineAlpha);
        requireFraction(FIELD_ALPHA, fieldAlpha);
        if (!(minExpected > 0)) {
            throw new IllegalArgumentException(MIN_EXPECTED + " must be > 0");
        }
        if (!(minScore > 0)) {
            throw new IllegalArgumentException(MIN_SCORE + " must be > 0");
        }
        if (stateRetentionMs <= 0) {
            throw new IllegalArgumentException(STATE_RETENTION + " must be > 0");
        }
        if (keyphrases < 0 || categories < 0) {
            throw new IllegalArgumentException(KEYPHRASES + " and " + CATEGORIES + " must be >= 0");
        }
        if (keywordsTopK <= 0 || keywordsTopK > 1000) {
            throw new IllegalArgumentException(KEYWORDS_TOP_K + " must be in 1..1000, got " + keywordsTopK);
        }
        if (digestTime == null) {
            throw new IllegalArgumentException(DIGEST_TIME + " must be set");
        }
        if (digestZone == null) {
            throw new IllegalArgumentException(DIGEST_ZONE + " must be set");
        }
        if (digestSize <= 0 || digestSize > 1000) {
            throw new IllegalArgumentException(DIGEST_SIZE + " must be in 1..1000, got " + digestSize);
        }
        if (digestWindow == null || digestWindow.isBlank() || !CompositeKey.fitsHead(digestWindow)) {
            throw new IllegalArgumentException(DIGEST_WINDOW + " must name a window (e.g. 24h), got '" + digestWindow + "'");
        }
        if (baselineMemoryMs <= 0) {
            throw new IllegalArgumentException(BASELINE_MEMORY + " must be > 0");
        }
        if (!(minEvents >= 0)) {
            throw new IllegalArgumentException(MIN_EVENTS + " must be >= 0, got " + minEvents);
        }
        if (scopeIntervalMs < updateIntervalMs) {
            throw new IllegalArgumentException(SCOPE_INTERVAL + " must be at least " + UPDATE_INTERVAL + " (" + updateIntervalMs + " ms), got "
                    + scopeIntervalMs + " ms");
        }
        if (cacheMaxBytes < 64 * 1024) {
            throw new IllegalArgumentException(CACHE_MAX_BYTES + " must be at least 65536, got " + cacheMaxBytes);
        }
    }

    /** These settings with other trending-keywords settings. */
    public TrendConfig withKeywords(int keywordsTopK) {
        return new TrendConfig(topK, updateIntervalMs, halfLifeMs, baselineAlpha, fieldAlpha, minExpected, minScore, keyphrases,
                categories, stateRetentionMs, keywordsTopK, digestTime, digestZone, digestSize, digestWindow, baselineMemoryMs, minEvents, cacheMaxBytes, scopeIntervalMs);
    }

    /** These settings with other digest settings. */
    public TrendConfig withDigest(LocalTime time, ZoneId zone, int size, String window) {
        return new TrendConfig(topK, updateIntervalMs, halfLifeMs, baselineAlpha, fieldAlpha, minExpected, minScore, keyphrases,
                categories, stateRetentionMs, keywordsTopK, time, zone, size, window, baselineMemoryMs, minEvents, cacheMaxBytes, scopeIntervalMs);
    }

    /** These settings with another minimum support ({@value #MIN_EVENTS}). */
    public TrendConfig withMinEvents(double events) {
        return new TrendConfig(topK, updateIntervalMs, halfLifeMs, baselineAlpha, fieldAlpha, minExpected, minScore, keyphrases,
                categories, stateRetentionMs, keywordsTopK, digestTime, digestZone, digestSize, digestWindow, baselineMemoryMs, events, cacheMaxBytes, scopeIntervalMs);
    }

    /**
     * The weight of a new closed window in a paper's own baseline, when the previous one closed
     * {@code sinceLastMs} before it (0 when unknown): {@code min(alpha, 1 − e^(−Δ/memory))}.
     */
    public double baselineAlpha(long sinceLastMs) {
        if (sinceLastMs <= 0) {
            return baselineAlpha;
        }
        return Math.min(baselineAlpha, -Math.expm1(-sinceLastMs / (double) baselineMemoryMs));
    }

    private static void requireFraction(String key, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(key + " must be in (0, 1], got " + v);
        }
    }

    public static TrendConfig from(Settings settings) {
        return new TrendConfig(
                settings.getInt(TOP_K, 50),
                duration(settings, UPDATE_INTERVAL, "1s"),
                duration(settings, HALF_LIFE, "2h"),
                number(settings, BASELINE_ALPHA, 0.1),
                number(settings, FIELD_ALPHA, 0.05),
                number(settings, MIN_EXPECTED, 1.0),
                number(settings, MIN_SCORE, 1.0),
                settings.getInt(KEYPHRASES, 3),
                settings.getInt(CATEGORIES, 3),
                duration(settings, STATE_RETENTION, "7d"),
                settings.getInt(KEYWORDS_TOP_K, DEFAULT_KEYWORDS_TOP_K),
                time(settings, DIGEST_TIME, DEFAULT_DIGEST_TIME),
                zone(settings, DIGEST_ZONE),
                settings.getInt(DIGEST_SIZE, DEFAULT_DIGEST_SIZE),
                settings.get(DIGEST_WINDOW, DEFAULT_DIGEST_WINDOW).trim(),
                duration(settings, BASELINE_MEMORY, DEFAULT_BASELINE_MEMORY),
                number(settings, MIN_EVENTS, DEFAULT_MIN_EVENTS),
                settings.getLong(CACHE_MAX_BYTES, DEFAULT_CACHE_MAX_BYTES),
                scopeInterval(settings));
    }

    /** {@value #SCOPE_INTERVAL}: 5 s by default, never shorter than the update interval. */
    private static long scopeInterval(Settings settings) {
        long update = duration(settings, UPDATE_INTERVAL, "1s");
        return settings.get(SCOPE_INTERVAL, "").isBlank() ? Math.max(update, DEFAULT_SCOPE_INTERVAL_MS) : duration(settings, SCOPE_INTERVAL, "5s");
    }

    /** These settings with another interval of the keyword and category rankings ({@value #SCOPE_INTERVAL}). */
    public TrendConfig withScopeInterval(long ms) {
        return new TrendConfig(topK, updateIntervalMs, halfLifeMs, baselineAlpha, fieldAlpha, minExpected, minScore, keyphrases,
                categories, stateRetentionMs, keywordsTopK, digestTime, digestZone, digestSize, digestWindow, baselineMemoryMs, minEvents,
                cacheMaxBytes, ms);
    }

    public static TrendConfig defaults() {
        return from(Settings.of(Map.of()));
    }

    /** The scoring formula these settings configure. */
    public TrendingScore score() {
        return new TrendingScore(minExpected, halfLifeMs, minEvents);
    }

    private static double number(Settings settings, String key, double fallback) {
        String v = settings.get(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, got '" + v + "'", e);
        }
    }

    private static LocalTime time(Settings settings, String key, LocalTime fallback) {
        String v = settings.get(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("setting " + key + " must be a time of day HH:mm, got '" + v + "'", e);
        }
    }

    private static ZoneId zone(Settings settings, String key) {
        String v = settings.get(key, null);
        if (v == null) {
            return UTC;
        }
        try {
            return ZoneId.of(v.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("setting " + key + " must be a time zone such as UTC or Europe/Berlin, got '" + v + "'", e);
        }
    }

    static long duration(Settings settings, String key, String fallback) {
        return settings.getDuration(key, fallback).toMillis();
    }
}
