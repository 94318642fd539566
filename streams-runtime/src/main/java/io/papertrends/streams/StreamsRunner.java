package io.papertrends.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.papertrends.serde.RegistryUnavailableException;
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
    /** The last failure of something other than the records (the schema registry), while retrying it. */
    private volatile Retrying retrying;

    /** A transient failure being retried: why, since when, and the pause before the next try. */
    private record Retrying(String reason, long sinceNanos, long lastNanos, Duration backoff) { }

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public StreamsRunner(Topology topology, Properties config) {
        this.streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
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

    /**
     * A stream thread died. When the schema registry did not answer, nothing is wrong with the
     * records: the thread is replaced after a pause that doubles up to {@link #MAX_BACKOFF}, and
     * resumes from the last committed offsets, so the same records are read again. Any other
     * failure stops the application (bad records never get here: they are skipped or dead-lettered).
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onThreadFailure(Throwable e) {
        RegistryUnavailableException outage = RegistryUnavailableException.in(e);
        if (outage != null) {
            Retrying before = retrying;
            long now = System.nanoTime();
            Duration backoff = before == null || now - before.lastNanos() > MAX_BACKOFF.multipliedBy(4).toNanos()
                    ? FIRST_BACKOFF : min(before.backoff().multipliedBy(2), MAX_BACKOFF);
            String reason = "waiting for the schema registry: " + outage.getMessage();
            retrying = new Retrying(reason, before == null ? now : before.sinceNanos(), now, backoff);
            log.warn("{}; the stream thread is replaced in {} ms and reads the same records again", reason, backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        log.error("stream thread failed; shutting the application down", e);
        failure.compareAndSet(null, e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Publishes the client's own metrics (threads, tasks, stores) in {@code meters}. */
    public StreamsRunner bindMetrics(MeterRegistry meters) {
        new KafkaStreamsMetrics(streams).bindTo(meters);
        return this;
    }

    /** Up while the client is RUNNING or REBALANCING; the state (and a failure) in the details. */
    public Health health() {
        Retrying r = retrying;
        if (r != null && System.nanoTime() - r.lastNanos() < r.backoff().plus(RECOVERED_AFTER).toNanos()) {
            return Health.down(r.reason(), Map.of("streams", streams.state().name(),
                    "retryingFor", Duration.ofNanos(System.nanoTime() - r.sinceNanos()).toSeconds() + "s"));
        }
        return health(streams.state(), failure.get());
    }

    /** How long after the last retry without a new failure the service counts as recovered. */
    private static final Duration RECOVERED_AFTER = Duration.ofSeconds(10);

    static Health health(KafkaStreams.State state, Throwable failure) {
        Map<String, Object> details = Map.of("streams", state.name());
        if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
            return Health.up(details);
        }
        String reason = failure != null ? "stream processing failed: " + reason(failure)
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
            throw new IllegalStateException("stream processing failed: " + reason(t), t);
        }
    }

    /** The message of the innermost cause: Kafka Streams wraps a processor's own reason in its task and thread exceptions. */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
