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
 * </ul>
 */
public record PopularityConfig(List<WindowSpec> windows, long graceMs, long emitIntervalMs, EngagementScore score, long maxFutureMs) {
    public static final String WINDOWS = WindowList.CONFIG;
    public static final String GRACE = "papertrends.popularity.grace";
    public static final String EMIT_INTERVAL = "papertrends.popularity.emit.interval";
    public static final String WEIGHTS = "papertrends.popularity.weights";
    public static final String MAX_FUTURE = "papertrends.popularity.max.future";

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
    }

    public static PopularityConfig from(Settings settings) {
        return new PopularityConfig(
                WindowSpec.parseAll(settings.get(WINDOWS, WindowSpec.DEFAULTS)),
                WindowSpec.parseDuration(settings.get(GRACE, "15m")).toMillis(),
                WindowSpec.parseDuration(settings.get(EMIT_INTERVAL, "1s")).toMillis(),
                EngagementScore.parse(settings.get(WEIGHTS, EngagementScore.DEFAULT_WEIGHTS)),
                WindowSpec.parseDuration(settings.get(MAX_FUTURE, "5m")).toMillis());
    }

    public static PopularityConfig defaults() {
        return from(Settings.of(java.util.Map.of()));
    }

    /** How long panes are kept: the window plus grace, plus one pane so a closing window is still whole. */
    long retentionMs(WindowSpec spec) {
        return spec.sizeMs() + graceMs + spec.advanceMs();
    }
}
