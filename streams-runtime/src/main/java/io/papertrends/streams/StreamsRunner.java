package io.papertrends.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.papertrends.service.Health;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Kafka Streams application as a service: installs the uncaught-exception handler and
 * a state listener, closes cleanly on shutdown, blocks until the application stops, and
 * rethrows a failure so that {@code main} exits non-zero. Local state is wiped only when
 * asked for ({@code reset}).
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public StreamsRunner(Topology topology, Properties config) {
        this.streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; shutting the application down", e);
            failure.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            log.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Publishes the client's own metrics (threads, tasks, stores) in {@code meters}. */
    public StreamsRunner bindMetrics(MeterRegistry meters) {
        new KafkaStreamsMetrics(streams).bindTo(meters);
        return this;
    }

    /** Up while the client is RUNNING or REBALANCING; the state (and a failure) in the details. */
    public Health health() {
        return health(streams.state(), failure.get());
    }

    static Health health(KafkaStreams.State state, Throwable failure) {
        Map<String, Object> details = Map.of("streams", state.name());
        if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
            return Health.up(details);
        }
        String reason = failure != null ? "stream processing failed: " + failure.getMessage()
                : state == KafkaStreams.State.CREATED ? "not started yet" : "Kafka Streams is " + state;
        return Health.down(reason, details);
    }

    /** Starts; with {@code reset}, first deletes this instance's local state (it is rebuilt from changelogs). */
    public void start(boolean reset) {
        if (reset) {
            log.warn("reset requested: deleting local state before start");
            streams.cleanUp();
        }
        streams.start();
    }

    /** Blocks until the application stops; rethrows what made it fail. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("stream processing failed: " + t.getMessage(), t);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
