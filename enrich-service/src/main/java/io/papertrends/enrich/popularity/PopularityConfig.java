package io.papertrends.enrich.popularity;

import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import java.util.List;

/**
 * Settings of the popularity windows.
 *
 * <ul>
 *   <li>{@code papertrends.popularity.windows}: {@code size:advance} pairs (default {@value WindowSpec#DEFAULTS})</li>
 *   <li>{@code papertrends.popularity.grace}: how late an event may arrive and still count (default 15m)</li>
 *   <li>{@code papertrends.popularity.emit.interval}: how often changed windows are emitted, wall clock (default 1s)</li>
 *   <li>{@code papertrends.popularity.weights}: score weights (default {@value EngagementScore#DEFAULT_WEIGHTS})</li>
 *   <li>{@code papertrends.popularity.max.future}: events dated further ahead of the wall clock are
 *       dropped (default 5m; brokers reject records more than {@code message.timestamp.after.max.ms},
 *       1 h by default, in the future)</li>
 *   <li>{@code papertrends.popularity.cache.max.bytes}: live panes (and, separately, paper states)
 *       kept as objects per task and store between commits (default 8388608, 8 MiB); beyond it the
 *       least recently used are written to the store and dropped</li>
 *   <li>{@code papertrends.popularity.dedup}: count an event sent again (same {@code eventId} and
 *       time) once (default true); false only where every producer guarantees each event is sent once</li>
 * </ul>
 */
public record PopularityConfig(List<WindowSpec> windows, long graceMs, long emitIntervalMs, EngagementScore score, long maxFutureMs,
                               long cacheMaxBytes, boolean dedup) {
    public static final String WINDOWS = WindowList.CONFIG;
    public static final String GRACE = WindowList.GRACE;
    public static final String EMIT_INTERVAL = "papertrends.popularity.emit.interval";
    public static final String WEIGHTS = "papertrends.popularity.weights";
    public static final String MAX_FUTURE = "papertrends.popularity.max.future";
    public static final String CACHE_MAX_BYTES = "papertrends.popularity.cache.max.bytes";
    public static final String DEDUP = "papertrends.popularity.dedup";
    static final long DEFAULT_CACHE_MAX_BYTES = 8L * 1024 * 1024;

    public PopularityConfig {
        windows = List.copyOf(windows);
        if (graceMs < 0) {
            throw new IllegalArgumentException(GRACE + " must be >= 0");
        }
        if (windows.size() > 10) {
            throw new IllegalArgumentException(WINDOWS + ": at most 10 windows");
        }
        if (maxFutureMs < 0) {
            throw new IllegalArgumentException(MAX_FUTURE + " must be >= 0");
        }
        if (emitIntervalMs <= 0) {
            throw new IllegalArgumentException(EMIT_INTERVAL + " must be > 0");
        }
        if (cacheMaxBytes < 64 * 1024) {
            throw new IllegalArgumentException(CACHE_MAX_BYTES + " must be at least 65536");
        }
    }

    /** With the default cache budget, deduplicating. */
    public PopularityConfig(List<WindowSpec> windows, long graceMs, long emitIntervalMs, EngagementScore score, long maxFutureMs) {
        this(windows, graceMs, emitIntervalMs, score, maxFutureMs, DEFAULT_CACHE_MAX_BYTES, true);
    }

    public static PopularityConfig from(Settings settings) {
        return new PopularityConfig(
                WindowSpec.parseAll(settings.get(WINDOWS, WindowSpec.DEFAULTS)),
                WindowSpec.parseDuration(settings.get(GRACE, WindowList.DEFAULT_GRACE)).toMillis(),
                WindowSpec.parseDuration(settings.get(EMIT_INTERVAL, "1s")).toMillis(),
                EngagementScore.parse(settings.get(WEIGHTS, EngagementScore.DEFAULT_WEIGHTS)),
                WindowSpec.parseDuration(settings.get(MAX_FUTURE, "5m")).toMillis(),
                settings.getLong(CACHE_MAX_BYTES, DEFAULT_CACHE_MAX_BYTES),
                settings.getBoolean(DEDUP, true));
    }

    public static PopularityConfig defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    /**
     * How long an event id is remembered to recognise the event sent again: as long as any window
     * that could count the event is open (the largest window's pane retention).
     */
    long dedupHorizonMs() {
        return windows.stream().mapToLong(this::retentionMs).max().orElse(0);
    }

    /** The time buckets of the remembered event ids: the shortest pane, so a bucket's ids arrive together. */
    long dedupBucketMs() {
        return windows.stream().mapToLong(WindowSpec::advanceMs).min().orElse(60_000);
    }

    /** How long panes are kept: the window plus grace, plus one pane so a closing window is still whole. */
    long retentionMs(WindowSpec spec) {
        return spec.sizeMs() + graceMs + spec.advanceMs();
    }
}
