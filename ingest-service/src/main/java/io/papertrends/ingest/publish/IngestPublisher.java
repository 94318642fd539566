package io.papertrends.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.Rejection;
import io.papertrends.ingest.parse.ParseSummary;
import io.papertrends.ingest.parse.RecordParser;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes parsed input onto the contract's topics: papers to {@code papers} and events to
 * {@code paper-events}, keyed by paper id; rejections to {@code ingest-rejects}, keyed by source.
 * One idempotent producer ({@code acks=all}) serves all three; values are serialized with the
 * topics' own serdes on the caller's thread.
 *
 * <p>A paper whose content hash this publisher already sent under the same id is not sent again
 * (counted as unchanged), so re-ingesting the same input adds nothing (up to
 * a million remembered ids); the topic being compacted
 * and keyed by id, a re-run by another process adds no distinct key either.
 *
 * <p>Metrics (Micrometer): {@code papertrends.ingest.accepted} (tags {@code format},
 * {@code kind}), {@code papertrends.ingest.unchanged}, {@code papertrends.ingest.rejected}
 * ({@code format}, {@code reason}), {@code papertrends.ingest.failed},
 * {@code papertrends.ingest.bytes}, {@code papertrends.ingest.deleted} (tombstones), and the
 * timer {@code papertrends.ingest.publish.latency} (send to acknowledgement). Thread-safe; one
 * publisher per process is enough (the harvester has its own, over a transactional producer).
 */
public final class IngestPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestPublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final IngestLimits limits;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer latency;
    private final Counter bytesCounter;
    /**
     * Most paper ids whose content hash is remembered (about 130 bytes each). Past it new ids are
     * not remembered, so they would be sent again if re-ingested: harmless on the compacted topic.
     */
    static final int MAX_REMEMBERED_PAPERS = 1_000_000;

    /** Content hash of each paper id sent by this publisher; a long per id keeps the footprint small. */
    private final Map<String, Long> sentHashes = new ConcurrentHashMap<>(1 << 16);

    /**
     * A publisher with its own producer.
     *
     * @param kafkaConfig Kafka client settings (at least {@code bootstrap.servers}); they override
     *                    the tuned defaults of {@link #producerConfig}
     */
    public IngestPublisher(Map<String, Object> kafkaConfig, Topics topics, IngestLimits limits, Clock clock, MeterRegistry meters) {
        this(new KafkaProducer<>(producerConfig(kafkaConfig), new StringSerializer(), new ByteArraySerializer()),
                topics, limits, clock, meters);
    }

    /** A publisher over a given producer (tests pass a {@code MockProducer}); it is closed with the publisher. */
    public IngestPublisher(Producer<String, byte[]> producer, Topics topics, IngestLimits limits, Clock clock, MeterRegistry meters) {
        this.producer = Objects.requireNonNull(producer);
        this.topics = Objects.requireNonNull(topics);
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
        this.meters = Objects.requireNonNull(meters);
        // No client-side percentiles: they cost on the producer's I/O thread; registries can add histograms by config.
        this.latency = Timer.builder("papertrends.ingest.publish.latency")
                .description("Time from send to broker acknowledgement of one record")
                .register(meters);
        this.bytesCounter = Counter.builder("papertrends.ingest.bytes").baseUnit("bytes")
                .description("Serialized value bytes published").register(meters);
        // The producer's own metrics (record-send rate, errors, request latency, connections) as kafka_producer_*.
        new KafkaClientMetrics(producer).bindTo(meters);
    }

    /**
     * Producer settings tuned for throughput without giving up safety: idempotence, {@code acks=all},
     * lz4 compression, 20 ms linger, 256 KiB batches. Entries of {@code overrides} win.
     */
    public static Map<String, Object> producerConfig(Map<String, ?> overrides) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "papertrends-ingest");
        config.putAll(overrides);
        return config;
    }

    /**
     * Parses {@code in} and publishes everything it yields, then waits for every acknowledgement.
     *
     * @param parser the parser of the input's format
     * @param in     the input (not closed)
     * @param source what to name the input in rejections: a file path, an URL or {@code -}
     * @throws IOException when the input cannot be read (records before that point are published)
     */
    public <T> IngestReport ingest(RecordParser<T> parser, InputStream in, String source) throws IOException {
        Run run = new Run(parser.format().id(), source);
        ParseSummary summary;
        // Parsing and sending run on two threads so a file keeps both busy. Each record is
        // serialized on the parsing thread, right after it was built and hashed (its text still
        // in that core's cache); the other thread only hands the bytes to the producer, which
        // compresses them into its batches there.
        try (Pipeline pipeline = new Pipeline(run)) {
            summary = parser.parse(in, pipeline::add);
            pipeline.finish();
        } finally {
            producer.flush();
        }
        return run.report(summary);
    }

    /**
     * Publishes records already parsed (the HTTP endpoints), then waits for every acknowledgement.
     *
     * @param format format name for rejections and metrics ({@code http})
     * @param source source name for rejections ({@code http:/papers})
     */
    public <T> IngestReport publishAll(Iterable<Parsed<T>> records, String format, String source) {
        Run run = new Run(format, source);
        records.forEach(run::handle);
        producer.flush();
        return run.report(null);
    }

    /**
     * Sends a tombstone for {@code paperId} to {@code papers} (the paper was deleted at its
     * source) and forgets its remembered hash, so the paper is sent again if it comes back.
     * Acknowledged with the next {@link #flush()} (or the transaction's commit).
     */
    public void delete(String paperId) {
        sentHashes.remove(paperId);
        // Sent in a transaction (the harvester), a failed send makes the commit fail; that is where the caller learns of it.
        producer.send(new ProducerRecord<>(topics.papers().name(), paperId, null));
        meters.counter("papertrends.ingest.deleted").increment();
    }

    /**
     * Forgets every remembered content hash: after an aborted transaction the papers it held
     * were never published, so they must not count as sent.
     */
    public void forgetSent() {
        sentHashes.clear();
    }

    /** Waits until everything sent so far is acknowledged. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /**
     * Hands serialized records, in batches and in order, to one publishing thread. A failure there
     * (a closed producer) stops the parse at its next record and is rethrown by {@link #finish()}.
     */
    private static final class Pipeline implements AutoCloseable {
        private static final int BATCH = 256;
        private static final List<Outgoing> END = List.of();

        private final BlockingQueue<List<Outgoing>> queue = new ArrayBlockingQueue<>(32);
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final Run run;
        private final Thread publisher;
        private List<Outgoing> batch = new ArrayList<>(BATCH);
        private boolean finished;

        Pipeline(Run run) {
            this.run = run;
            publisher = new Thread(this::drain, "papertrends-ingest-publisher");
            publisher.setDaemon(true);
            publisher.start();
        }

        private void drain() {
            try {
                for (List<Outgoing> next = queue.take(); next != END; next = queue.take()) {
                    for (int i = 0; i < next.size(); i++) {
                        try {
                            run.send(next.get(i));
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                            next.subList(i + 1, next.size()).forEach(run::unsent);
                            // Keep taking so the parsing thread never blocks on a full queue; it sees the failure and stops.
                            drainAfterFailure();
                            return;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("the publishing thread was interrupted", e));
            }
        }

        private void drainAfterFailure() {
            try {
                for (List<Outgoing> next = queue.take(); next != END; next = queue.take()) {
                    next.forEach(run::unsent);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Counts, checks and serializes a record on the calling (parsing) thread, then queues it. */
        void add(Parsed<?> parsed) {
            RuntimeException failed = failure.get();
            if (failed != null) {
                throw failed;
            }
            Outgoing outgoing = run.prepare(parsed);
            if (outgoing == null) {
                return;
            }
            batch.add(outgoing);
            if (batch.size() == BATCH) {
                put(batch);
                batch = new ArrayList<>(BATCH);
            }
        }

        /** Publishes what is left and waits for the publishing thread; rethrows its failure. */
        void finish() {
            finished = true;
            if (!batch.isEmpty()) {
                put(batch);
            }
            put(END);
            join();
            RuntimeException failed = failure.get();
            if (failed != null) {
                throw failed;
            }
        }

        private void put(List<Outgoing> items) {
            try {
                queue.put(items);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while handing records to the publishing thread", e);
            }
        }

        private void join() {
            try {
                publisher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the publishing thread", e);
            }
        }

        /** After a parse or serialization failure: publishes the records prepared before it, then stops the publishing thread. */
        @Override
        public void close() {
            if (!finished) {
                finished = true;
                if (!batch.isEmpty()) {
                    put(batch);
                }
                put(END);
                join();
            }
        }
    }

    /**
     * A record ready to send: topic, key and serialized value; {@code paperId} and {@code hash} are
     * set for papers, whose remembered hash is dropped again when Kafka does not take them.
     */
    private record Outgoing(String topic, String key, byte[] payload, String paperId, long hash) { }

    /**
     * The counts of one call: records are prepared (counted, checked, serialized) on one thread at
     * a time and sent from one; acknowledgements are counted on the producer's callback thread.
     */
    private final class Run {
        private final String format;
        private final String source;
        private final long startNanos = System.nanoTime();
        private final AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
        private long accepted;
        private long published;
        private long unchanged;
        private long rejected;
        private final Map<String, Long> byReason = new HashMap<>();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final Counter acceptedPapers;
        private final Counter acceptedEvents;
        private final Counter unchangedPapers;

        Run(String format, String source) {
            this.format = format;
            this.source = source;
            // Looked up once per run: a registry lookup per record shows in the ingest profile.
            this.acceptedPapers = counter("papertrends.ingest.accepted", "kind", "paper");
            this.acceptedEvents = counter("papertrends.ingest.accepted", "kind", "event");
            this.unchangedPapers = counter("papertrends.ingest.unchanged", "kind", "paper");
        }

        /** Prepares and sends one record on the calling thread. */
        void handle(Parsed<?> parsed) {
            Outgoing outgoing = prepare(parsed);
            if (outgoing != null) {
                send(outgoing);
            }
        }

        /** Counts, checks and serializes one record; null for a paper already sent with the same content. */
        Outgoing prepare(Parsed<?> parsed) {
            if (!parsed.isAccepted()) {
                return reject(parsed.rejection());
            }
            Object value = parsed.value();
            Outgoing outgoing;
            if (value instanceof Paper paper) {
                accepted++;
                acceptedPapers.increment();
                long hash = hashPrefix(paper.getContentHash());
                Long previous = sentHashes.get(paper.getId());
                if (previous != null && previous == hash) {
                    unchanged++;
                    unchangedPapers.increment();
                    return null;
                }
                outgoing = serialize(topics.papers(), paper.getId(), paper, paper.getId(), hash);
                if (previous != null || sentHashes.size() < MAX_REMEMBERED_PAPERS) {
                    sentHashes.put(paper.getId(), hash);
                }
            } else if (value instanceof PaperEvent event) {
                accepted++;
                acceptedEvents.increment();
                outgoing = serialize(topics.paperEvents(), event.getPaperId(), event, null, 0L);
            } else {
                throw new IllegalArgumentException("cannot publish a " + value.getClass().getName());
            }
            published++;
            return outgoing;
        }

        private Outgoing reject(Rejection rejection) {
            rejected++;
            byReason.merge(rejection.reasonCode(), 1L, Long::sum);
            meters.counter("papertrends.ingest.rejected", "format", format, "reason", rejection.reasonCode()).increment();
            RejectedRecord record = rejection.toAvro(source, format, clock.instant(), limits.maxRawBytes());
            return serialize(topics.ingestRejects(), source, record, null, 0L);
        }

        private <V> Outgoing serialize(TopicSpec<String, V> topic, String key, V value, String paperId, long hash) {
            return new Outgoing(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value), paperId, hash);
        }

        /**
         * A prepared record that will not be sent: a paper's hash, remembered when it was
         * prepared, is dropped, so the next ingest of the same paper sends it.
         */
        void unsent(Outgoing out) {
            if (out.paperId() != null) {
                sentHashes.remove(out.paperId(), out.hash());
            }
        }

        /** Sends one serialized record; a paper's remembered hash is dropped if Kafka does not take it. */
        void send(Outgoing out) {
            long sentAt = System.nanoTime();
            try {
                producer.send(new ProducerRecord<>(out.topic(), out.key(), out.payload()), (metadata, error) -> acknowledged(out, sentAt, error));
            } catch (RuntimeException e) {
                // Thrown rather than reported to the callback (a closed producer): not sent.
                unsent(out);
                throw e;
            }
        }

        /** The producer's callback for one record: counts it as acknowledged or failed. */
        private void acknowledged(Outgoing out, long sentAt, Exception error) {
            long now = System.nanoTime();
            lastAckNanos.accumulateAndGet(now, Math::max);
            if (error != null) {
                failed.incrementAndGet();
                counter("papertrends.ingest.failed", "topic", out.topic()).increment();
                if (firstFailure.compareAndSet(null, error)) {
                    log.error("publishing to {} failed (key {}); further failures of this run are only counted", out.topic(), out.key(), error);
                }
                // Not acknowledged, so not published: a later ingest of the same paper must send it again.
                unsent(out);
                return;
            }
            latency.record(now - sentAt, TimeUnit.NANOSECONDS);
            bytes.addAndGet(out.payload().length);
            bytesCounter.increment(out.payload().length);
        }

        private Counter counter(String name, String tagKey, String tagValue) {
            return meters.counter(name, "format", format, tagKey, tagValue);
        }

        IngestReport report(ParseSummary summary) {
            long end = Math.max(lastAckNanos.get(), startNanos);
            ParseSummary parse = summary != null ? summary : new ParseSummary(accepted, rejected, 0, null, null);
            return new IngestReport(accepted, published, unchanged, rejected, byReason, failed.get(), bytes.get(),
                    Duration.ofNanos(end - startNanos), parse);
        }
    }

    /** The first 64 bits of a lower-case hex SHA-256: collisions between two versions of one paper are negligible. */
    static long hashPrefix(String hexHash) {
        int n = Math.min(16, hexHash.length());
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = hexHash.charAt(i);
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                // Not lower-case hex (a hand-built record); any stable value works for change detection.
                return hexHash.hashCode();
            }
            value = value << 4 | digit;
        }
        return value;
    }
}
