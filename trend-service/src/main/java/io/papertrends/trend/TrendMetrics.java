package io.papertrends.trend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the trending rankings. */
final class TrendMetrics {
    private final Counter popularity;
    private final Counter finals;
    private final Counter batches;
    private final Counter updates;

    TrendMetrics(MeterRegistry registry) {
        popularity = Counter.builder("papertrends.trend.popularity.records").tag("final", "false")
                .description("paper-popularity records scored").register(registry);
        finals = Counter.builder("papertrends.trend.popularity.records").tag("final", "true")
                .description("paper-popularity records scored").register(registry);
        batches = Counter.builder("papertrends.trend.candidates.sent")
                .description("Per-partition candidate lists sent to the merge").register(registry);
        updates = Counter.builder("papertrends.trend.updates")
                .description("trending-updates records emitted").register(registry);
    }

    void popularity(boolean closed) {
        (closed ? finals : popularity).increment();
    }

    void batchSent() {
        batches.increment();
    }

    void update() {
        updates.increment();
    }
}
