package io.papertrends.enrich.popularity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Meters of the popularity windows. */
final class PopularityMetrics {
    private final MeterRegistry registry;
    private final Counter events;
    private final Counter ignored;
    private final Counter invalidTime;
    private final Counter duplicates;
    private final Counter updates;
    private final Counter finals;
    private final ConcurrentMap<String, Counter> dropped = new ConcurrentHashMap<>();

    PopularityMetrics(MeterRegistry registry) {
        this.registry = registry;
        events = Counter.builder("papertrends.popularity.events").description("Reader events counted").register(registry);
        ignored = Counter.builder("papertrends.popularity.events.ignored")
                .description("Events of a type this version does not know").register(registry);
        invalidTime = Counter.builder("papertrends.popularity.events.dropped.time")
                .description("Events dated before 1970 or too far in the future").register(registry);
        duplicates = Counter.builder("papertrends.popularity.events.duplicate")
                .description("Events sent again (same id and time as one already counted), not counted twice").register(registry);
        updates = Counter.builder("papertrends.popularity.window.updates").tag("final", "false")
                .description("Window values emitted").register(registry);
        finals = Counter.builder("papertrends.popularity.window.updates").tag("final", "true")
                .description("Window values emitted").register(registry);
    }

    void event() {
        events.increment();
    }

    void ignored() {
        ignored.increment();
    }

    void droppedInvalidTime() {
        invalidTime.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void update(boolean closed) {
        (closed ? finals : updates).increment();
    }

    /** An event too late for every window of {@code window} that holds it. */
    void dropped(String window) {
        dropped.computeIfAbsent(window, w -> Counter.builder("papertrends.popularity.events.dropped.late").tag("window", w)
                .description("Events that arrived after every window holding them had closed").register(registry)).increment();
    }
}
