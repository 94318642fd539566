package io.papertrends.trend;

import io.papertrends.config.Settings;
import io.papertrends.trend.ranking.TrendingScore;
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
 *       baseline (default 0.1: a memory of about ten closed windows, i.e. 50 min of 1 h windows
 *       advancing by 5 min, 10 h of 24 h windows advancing by 1 h)</li>
 *   <li>{@code papertrends.trend.field.alpha}: weight of a new closed window in the field-wide
 *       baseline (default 0.05)</li>
 *   <li>{@code papertrends.trend.min.expected}: floor of the expected engagement (default 1)</li>
 *   <li>{@code papertrends.trend.min.score}: papers scoring below it are not ranked, and leave a
 *       ranking once their score has decayed below it (default 1)</li>
 *   <li>{@code papertrends.trend.keyphrases}: a paper's top keyphrases that get a
 *       {@code keyword:} scope (default 3)</li>
 *   <li>{@code papertrends.trend.categories}: a paper's first categories that get a
 *       {@code category:} scope (default 3)</li>
 *   <li>{@code papertrends.trend.state.retention}: what is known of a paper in a window (its
 *       baseline) is forgotten after this long without any popularity record (default 7d)</li>
 * </ul>
 * Durations are written {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or in ISO-8601.
 */
public record TrendConfig(int topK, long updateIntervalMs, long halfLifeMs, double baselineAlpha, double fieldAlpha,
                          double minExpected, double minScore, int keyphrases, int categories, long stateRetentionMs) {
    public static final String TOP_K = "papertrends.trend.top.k";
    public static final String UPDATE_INTERVAL = "papertrends.trend.update.interval";
    public static final String HALF_LIFE = "papertrends.trend.half.life";
    public static final String BASELINE_ALPHA = "papertrends.trend.baseline.alpha";
    public static final String FIELD_ALPHA = "papertrends.trend.field.alpha";
    public static final String MIN_EXPECTED = "papertrends.trend.min.expected";
    public static final String MIN_SCORE = "papertrends.trend.min.score";
    public static final String KEYPHRASES = "papertrends.trend.keyphrases";
    public static final String CATEGORIES = "papertrends.trend.categories";
    public static final String STATE_RETENTION = "papertrends.trend.state.retention";

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
                duration(settings, STATE_RETENTION, "7d"));
    }

    public static TrendConfig defaults() {
        return from(Settings.of(Map.of()));
    }

    /** The scoring formula these settings configure. */
    public TrendingScore score() {
        return new TrendingScore(minExpected, halfLifeMs);
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

    static long duration(Settings settings, String key, String fallback) {
        return settings.getDuration(key, fallback).toMillis();
    }
}
