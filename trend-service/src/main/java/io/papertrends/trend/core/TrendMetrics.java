package io.papertrends.trend.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Meters of the trending rankings. */
public final class TrendMetrics {
    private final Counter popularity;
    private final Counter finals;
    private final Counter batches;
    private final Counter updates;
    private final Timer latency;

    public TrendMetrics(MeterRegistry registry) {
        popularity = Counter.builder("papertrends.trend.popularity.records").tag("final", "false")
                .description("paper-popularity records scored").register(registry);
        finals = Counter.builder("papertrends.trend.popularity.records").tag("final", "true")
                .description("paper-popularity records scored").register(registry);
        batches = Counter.builder("papertrends.trend.candidates.sent")
                .description("Per-partition candidate lists sent to the merge").register(registry);
        updates = Counter.builder("papertrends.trend.updates")
                .description("trending-updates records emitted").register(registry);
        latency = Timer.builder("papertrends.trend.update.latency")
                .description("Wall-clock time from the newest popularity record of a ranking reaching the trend service to the ranking's update")
                .publishPercentileHistogram().register(registry);
    }

    public void popularity(boolean closed) {
        (closed ? finals : popularity).increment();
    }

    public void batchSent() {
        batches.increment();
    }

    /** An update was emitted, {@code latencyMs} after the newest popularity record it reflects was scored (negative: unknown). */
    public void update(long latencyMs) {
        updates.increment();
        if (latencyMs >= 0) {
            latency.record(latencyMs, TimeUnit.MILLISECONDS);
        }
    }
}
