package io.papertrends.ingest.harvest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.avro.HarvestCheckpoint;
import io.papertrends.avro.Paper;
import io.papertrends.config.Settings;
import io.papertrends.ids.PaperIds;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.fetch.FeedFetcher;
import io.papertrends.ingest.parse.ArxivAtomParser;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.parse.OaiPmhParser;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.service.Health;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the configured {@link HarvestSource}s on a schedule: an OAI-PMH source is asked for
 * {@code ListRecords} from its last datestamp, page by page along the resumption tokens; a feed
 * is fetched with the validators of its last answer and read only when it changed. New and
 * changed papers go to {@code papers}, deleted OAI records become tombstones there (keyed by the
 * paper's id), bad records go to {@code ingest-rejects}, as every ingest does. Fetching is as
 * polite as one-shot ingest ({@link FeedFetcher}: User-Agent, {@code Retry-After}, at least
 * {@value #MIN_INTERVAL} between two requests of this instance); a failed look is retried after
 * {@value #BACKOFF}, doubling up to the source's interval.
 *
 * <p><b>Checkpoints and who harvests.</b> Each source's checkpoint ({@link HarvestCheckpoint}) is
 * a record of the compacted topic {@code ingest-checkpoints}, keyed by the source's name and so
 * living in one partition of it. The instances of the ingest service form one consumer group
 * ({@value #GROUP}) on that topic, and <em>an instance harvests exactly the sources whose
 * partition the group assigned to it</em>: it reads the partition from the beginning to learn
 * their checkpoints, then harvests. Each page (or feed answer) is published in one Kafka
 * transaction together with the checkpoint that accounts for it, and the transaction carries the
 * group's offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata), so the
 * broker refuses to commit it from an instance that has lost the partition in a rebalance. The
 * records and the checkpoint are therefore committed together or not at all, and by the current
 * owner only: a restart, a second instance or a takeover resumes from the last committed
 * checkpoint and publishes nothing twice (read {@code papers} with {@code read_committed}).
 * Each instance needs its own transactional id, {@code papertrends-ingest-harvest-<instance>}
 * ({@code papertrends.instance}, by default the host name).
 *
 * <p>All Kafka work runs on one scheduler thread that ticks every {@value #TICK} (default 1s):
 * it polls the group, then harvests the owned sources that are due.
 *
 * <p>Metrics, tagged {@code source}: {@code papertrends.ingest.harvest.records} (papers and
 * tombstones published), {@code papertrends.ingest.harvest.errors} (failed looks),
 * {@code papertrends.ingest.harvest.last.success} (epoch seconds). {@link #health()} gives the
 * same per source under {@code harvest}.
 */
public final class Harvester implements AutoCloseable {
    public static final String MIN_INTERVAL = "papertrends.ingest.harvest.min.interval";
    public static final String BACKOFF = "papertrends.ingest.harvest.backoff";
    public static final String GROUP = "papertrends.ingest.harvest.group";
    public static final String TICK = "papertrends.ingest.harvest.tick";
    public static final String TRANSACTIONAL_ID = "papertrends.ingest.harvest.transactional.id";
    private static final String OAI_NO_RECORDS = "noRecordsMatch";
    private static final String OAI_BAD_TOKEN = "badResumptionToken";
    /** Prefix of the keys under which a checkpoint remembers rejected records (paper ids never start so). */
    private static final String REJECTED = "rejected ";
    private static final Logger log = LoggerFactory.getLogger(Harvester.class);

    private final Map<String, SourceState> states = new LinkedHashMap<>();
    private final TopicSpec<String, HarvestCheckpoint> checkpoints;
    private final RecordValidator validator;
    private final FeedFetcher fetcher;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final IngestPublisher publisher;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration backoff;
    /** Owned partitions not yet read up to the end they had when assigned. */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Changes on every assignment or revocation, so a harvest in progress notices it. */
    private long assignments;
    private int partitions;
    private boolean transactionsReady;
    private volatile String fatal;
    private volatile boolean closing;

    private Harvester(List<HarvestSource> sources, Settings settings, Topics topics, RecordValidator validator, IngestLimits limits,
                      MeterRegistry meters, Clock clock) {
        this.checkpoints = topics.ingestCheckpoints();
        this.validator = validator;
        this.clock = clock;
        this.backoff = settings.getDuration(BACKOFF, "1m");
        this.fetcher = FeedFetcher.polite(settings.getDuration(MIN_INTERVAL, "3s"));
        for (HarvestSource s : sources) {
            states.put(s.name(), new SourceState(s, meters));
        }
        String instance = settings.get("papertrends.instance", hostName());
        Map<String, Object> producerConfig = IngestPublisher.producerConfig(settings.kafkaProperties());
        producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.get(TRANSACTIONAL_ID, "papertrends-ingest-harvest-" + instance));
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "papertrends-ingest-harvest");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        this.publisher = new IngestPublisher(producer, topics, limits, clock, meters);
        Map<String, Object> consumerConfig = new HashMap<>(settings.kafkaProperties());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, settings.get(GROUP, topics.prefix() + "papertrends-ingest-harvest"));
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "papertrends-ingest-harvest-" + instance);
        // A page may wait out a Retry-After of minutes between two polls; the group must not drop the instance for it.
        consumerConfig.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "papertrends-ingest-harvest");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts following {@code sources} with the settings' Kafka connection.
     *
     * @throws IllegalStateException when the checkpoint topic does not exist
     */
    public static Harvester start(List<HarvestSource> sources, Settings settings, Topics topics, RecordValidator validator,
                                  IngestLimits limits, MeterRegistry meters, Clock clock) {
        Harvester h = new Harvester(sources, settings, topics, validator, limits, meters, clock);
        try {
            List<PartitionInfo> info = h.consumer.partitionsFor(h.checkpoints.name(), Duration.ofSeconds(30));
            if (info == null || info.isEmpty()) {
                throw new IllegalStateException("topic " + h.checkpoints.name() + " does not exist; create the contract's topics first");
            }
            h.partitions = info.size();
            h.consumer.subscribe(List.of(h.checkpoints.name()), h.new Ownership());
        } catch (RuntimeException e) {
            h.closeClients();
            throw e;
        }
        Duration tick = settings.getDuration(TICK, "1s");
        h.scheduler.scheduleWithFixedDelay(h::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        log.info("harvesting {} source(s): {}", sources.size(), sources.stream().map(HarvestSource::name).toList());
        return h;
    }

    /** Per source: whether this instance owns it, its last success, records, errors; down once harvesting stopped for good. */
    public Health health() {
        Map<String, Object> perSource = new TreeMap<>();
        states.values().forEach(s -> perSource.put(s.source.name(), s.describe()));
        Map<String, Object> details = Map.of("harvest", perSource);
        String stopped = fatal;
        return stopped == null ? Health.up(details) : Health.down("harvesting stopped: " + stopped, details);
    }

    private void tick() {
        if (closing || fatal != null) {
            return;
        }
        try {
            if (!transactionsReady) {
                producer.initTransactions();
                transactionsReady = true;
            }
            pollCheckpoints(Duration.ofMillis(100));
            long now = clock.millis();
            for (SourceState s : states.values()) {
                if (closing || fatal != null) {
                    return;
                }
                if (owns(s) && now >= s.nextAttemptMs) {
                    harvest(s);
                }
            }
        } catch (ProducerFencedException e) {
            stop("another producer took transactional id over (two instances with one papertrends.instance?): " + e.getMessage(), e);
        } catch (AuthorizationException | UnsupportedVersionException | OutOfOrderSequenceException e) {
            stop(e.getMessage(), e);
        } catch (RuntimeException e) {
            // A failure here must not end the schedule; the next tick tries again.
            log.error("harvest tick failed", e);
        }
    }

    private void stop(String reason, Exception e) {
        fatal = reason;
        log.error("harvesting stopped: {}", reason, e);
    }

    /** Reads checkpoints of partitions being taken over, and notices those read to their end. */
    private void pollCheckpoints(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            SourceState s = r.key() == null ? null : states.get(r.key());
            // Once a partition is read up, this instance writes its checkpoints and its memory is ahead of what it reads back.
            if (s == null || !catchingUp.containsKey(tp)) {
                continue;
            }
            HarvestCheckpoint cp = r.value() == null ? null : checkpoints.valueSerde().deserializer().deserialize(r.topic(), r.value());
            s.progress = cp == null || !cp.getUrl().equals(s.source.identity()) ? null : Progress.of(cp);
        }
        catchingUp.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private boolean owns(SourceState s) {
        TopicPartition tp = partition(s);
        boolean mine = owned.contains(tp) && !catchingUp.containsKey(tp);
        s.owned = mine;
        return mine;
    }

    private TopicPartition partition(SourceState s) {
        // The default partitioner's rule for a keyed record, so the checkpoint lands where a reader of the key expects it.
        return new TopicPartition(checkpoints.name(), Utils.toPositive(Utils.murmur2(s.source.name().getBytes(StandardCharsets.UTF_8))) % partitions);
    }

    private void harvest(SourceState s) {
        long now = clock.millis();
        long generation = assignments;
        try {
            if (s.source.format() == InputFormat.OAI_PMH) {
                harvestOai(s);
            } else {
                harvestFeed(s);
            }
            s.succeeded(clock.instant());
            if (generation == assignments) {
                // Otherwise the source was handed over meanwhile, and its new owner (maybe this instance) starts at once.
                s.nextAttemptMs = now + s.source.interval().toMillis();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException || e instanceof AuthorizationException
                    || e instanceof UnsupportedVersionException) {
                // The producer cannot go on; tick() stops harvesting.
                throw (RuntimeException) e;
            }
            s.failed(clock.instant(), e);
            long wait = Math.min(s.source.interval().toMillis(), backoff.toMillis() << Math.min(20, s.consecutiveErrors - 1));
            s.nextAttemptMs = now + wait;
            log.warn("harvesting {} failed ({} in a row), next attempt in {} s: {}", s.source.name(), s.consecutiveErrors, wait / 1000,
                    e.getMessage());
        }
    }

    /** Lists the records changed since the checkpoint, page by page, one transaction per page; returns the records published. */
    private long harvestOai(SourceState s) throws IOException {
        long generation = assignments;
        Progress p = s.progress == null ? Progress.start() : s.progress.copy();
        URI uri;
        if (p.resumptionToken != null) {
            uri = URI.create(OaiPmhParser.nextPageUrl(s.source.url(), p.resumptionToken));
        } else {
            p.listFrom = p.nextFrom(s.source.from());
            uri = s.source.listRecords(p.listFrom);
        }
        long published = 0;
        while (true) {
            OaiPage page = new OaiPage();
            OaiPmhParser parser = new OaiPmhParser(validator, page);
            String token;
            try (InputStream in = fetcher.open(uri)) {
                token = parser.parse(in, page::add).resumptionToken();
            }
            if (OAI_BAD_TOKEN.equals(page.error)) {
                // Tokens expire; the list starts over from where it began (records of it published already may come again).
                Progress restart = p.copy();
                restart.resumptionToken = null;
                s.progress = restart;
                throw new IOException("the repository no longer knows the resumption token; the list starts over from " + p.listFrom);
            }
            if (page.error != null && !OAI_NO_RECORDS.equals(page.error)) {
                throw new IOException("the repository answered with OAI-PMH error " + page.error);
            }
            Progress next = p.copy();
            List<Parsed<Paper>> papers = new ArrayList<>();
            List<String> deletions = new ArrayList<>();
            for (Object entry : page.entries) {
                if (entry instanceof OaiPmhParser.Header deleted) {
                    String id = paperId(deleted.identifier());
                    String datestamp = strip(deleted.datestamp());
                    if (id == null) {
                        log.debug("deleted record {} of {} has no arXiv id; nothing to delete", deleted.identifier(), s.source.name());
                    } else if (next.isNew(id, datestamp, Progress.DELETED)) {
                        deletions.add(id);
                        next.published(id, datestamp, Progress.DELETED);
                    }
                    continue;
                }
                Fetched fetched = (Fetched) entry;
                String datestamp = fetched.header() == null ? null : strip(fetched.header().datestamp());
                // A rejected record is remembered under its OAI identifier, so the day's list fetched again does not reject it again.
                String key = fetched.parsed().isAccepted() ? fetched.parsed().value().getId()
                        : fetched.header() == null ? null : REJECTED + fetched.header().identifier();
                String hash = fetched.parsed().isAccepted() ? fetched.parsed().value().getContentHash() : fetched.parsed().rejection().reasonCode();
                if (key == null || next.isNew(key, datestamp, hash)) {
                    papers.add(fetched.parsed());
                    if (key != null) {
                        next.published(key, datestamp, hash);
                    }
                }
            }
            next.resumptionToken = token;
            next.listFrom = token == null ? null : p.listFrom;
            next.prune();
            published += commit(s, next, papers, deletions);
            p = next;
            if (token == null) {
                return published;
            }
            pollCheckpoints(Duration.ZERO);
            if (closing || generation != assignments || !owns(s)) {
                // Another instance resumes from the checkpoint just committed.
                return published;
            }
            uri = URI.create(OaiPmhParser.nextPageUrl(s.source.url(), token));
        }
    }

    /** Fetches the feed if it changed and publishes the items that are new or changed since its last answer. */
    private long harvestFeed(SourceState s) throws IOException {
        Progress p = s.progress == null ? Progress.start() : s.progress.copy();
        FeedFetcher.Answer answer = fetcher.openIfChanged(URI.create(s.source.url()), p.etag, p.lastModified);
        if (answer.notModified()) {
            return 0;
        }
        List<Parsed<Paper>> items = new ArrayList<>();
        try (InputStream in = answer.body()) {
            new ArxivAtomParser(validator).parse(in, items::add);
        }
        Progress next = p.copy();
        next.etag = answer.etag();
        next.lastModified = answer.lastModified();
        next.seen = new HashMap<>();
        List<Parsed<Paper>> papers = new ArrayList<>();
        for (Parsed<Paper> item : items) {
            String key = item.isAccepted() ? item.value().getId()
                    : REJECTED + PaperIds.sha256Hex(new String(item.rejection().raw(), StandardCharsets.UTF_8)).substring(0, 16);
            String hash = item.isAccepted() ? item.value().getContentHash() : item.rejection().reasonCode();
            if (!hash.equals(p.seen.get(key))) {
                papers.add(item);
            }
            next.seen.put(key, hash);
        }
        return commit(s, next, papers, List.of());
    }

    /**
     * Publishes {@code papers} and the tombstones of {@code deletions} with the checkpoint
     * {@code next} in one transaction, fenced by the group's offsets; returns the records published.
     * Nothing is written when there is nothing to publish and the checkpoint would not change.
     */
    private long commit(SourceState s, Progress next, List<Parsed<Paper>> papers, List<String> deletions) throws IOException {
        Progress stored = s.progress == null ? Progress.start() : s.progress;
        long accepted = papers.stream().filter(Parsed::isAccepted).count();
        next.records = stored.records + accepted + deletions.size();
        if (papers.isEmpty() && deletions.isEmpty() && s.progress != null && next.sameAs(stored)) {
            return 0;
        }
        TopicPartition tp = partition(s);
        producer.beginTransaction();
        try {
            if (!papers.isEmpty()) {
                publisher.publishAll(papers, s.source.format().id(), s.source.url());
            }
            deletions.forEach(publisher::delete);
            byte[] checkpoint = checkpoints.valueSerde().serializer().serialize(checkpoints.name(),
                    next.toCheckpoint(s.source.name(), s.source.identity(), clock.instant()));
            producer.send(new ProducerRecord<>(checkpoints.name(), tp.partition(), s.source.name(), checkpoint));
            producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(consumer.position(tp))), consumer.groupMetadata());
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            publisher.forgetSent();
            throw e;
        } catch (RuntimeException e) {
            // Also when the broker refused the group's offsets: this instance no longer owns the source.
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                e.addSuppressed(abort);
            }
            publisher.forgetSent();
            throw new IOException("the transaction publishing " + s.source.name() + " was aborted: " + e.getMessage(), e);
        }
        s.progress = next;
        // Counted per transaction: a look that fails on a later page has still published the earlier ones.
        s.published(accepted + deletions.size());
        return accepted + deletions.size();
    }

    private static String paperId(String oaiIdentifier) {
        return PaperIds.parseArxiv(oaiIdentifier).map(PaperIds.ArxivId::paperId).orElse(null);
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Stops the schedule (waiting for a harvest in progress), then closes the Kafka clients. */
    @Override
    public void close() {
        closing = true;
        // A tick polls for 100 ms at most and a harvest stops between pages once closing is set.
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClients();
    }

    private void closeClients() {
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (KafkaException e) {
            log.debug("closing the checkpoint consumer failed", e);
        }
        publisher.close();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** Takes over the sources of assigned partitions (after reading their checkpoints) and lets revoked ones go. */
    private final class Ownership implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assignments++;
            if (assigned.isEmpty()) {
                return;
            }
            owned.addAll(assigned);
            consumer.seekToBeginning(assigned);
            catchingUp.putAll(consumer.endOffsets(assigned));
            for (SourceState s : states.values()) {
                if (assigned.contains(partition(s))) {
                    s.progress = null;
                    s.nextAttemptMs = 0;
                }
            }
            log.info("harvest checkpoints assigned: {}", assigned);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            assignments++;
            owned.removeAll(revoked);
            catchingUp.keySet().removeAll(revoked);
            states.values().forEach(s -> s.owned = owned.contains(partition(s)));
        }
    }

    /** A record of an OAI-PMH page as parsed, with its header (null for a record too long to read one). */
    private record Fetched(Parsed<Paper> parsed, OaiPmhParser.Header header) {
    }

    /**
     * One OAI-PMH page as parsed, in document order: {@link Fetched} records and the headers of
     * deleted ones; and the repository's error code. The parser tells a record's header just
     * before handing on its paper or rejection, which is how the two are paired.
     */
    private static final class OaiPage implements OaiPmhParser.Listener {
        final List<Object> entries = new ArrayList<>();
        OaiPmhParser.Header pending;
        String error;

        @Override
        public void header(OaiPmhParser.Header header) {
            if (header.deleted()) {
                entries.add(header);
                pending = null;
            } else {
                pending = header;
            }
        }

        void add(Parsed<Paper> parsed) {
            entries.add(new Fetched(parsed, pending));
            pending = null;
        }

        @Override
        public void error(String code) {
            error = code;
        }
    }

    /** What this instance knows of one source; its status is read by health checks on other threads. */
    private static final class SourceState {
        final HarvestSource source;
        final Counter records;
        final Counter errors;
        final AtomicLong lastSuccessSeconds = new AtomicLong();
        Progress progress;
        long nextAttemptMs;
        int consecutiveErrors;
        volatile boolean owned;
        volatile Instant lastSuccess;
        volatile Instant lastFailure;
        volatile String lastError;
        volatile long published;

        SourceState(HarvestSource source, MeterRegistry meters) {
            this.source = Objects.requireNonNull(source);
            this.records = Counter.builder("papertrends.ingest.harvest.records").tag("source", source.name())
                    .description("Papers and tombstones published from a harvested source").register(meters);
            this.errors = Counter.builder("papertrends.ingest.harvest.errors").tag("source", source.name())
                    .description("Failed looks at a harvested source").register(meters);
            Gauge.builder("papertrends.ingest.harvest.last.success", lastSuccessSeconds, AtomicLong::get).tag("source", source.name())
                    .description("When a look at the source last succeeded (epoch seconds; 0 never)").register(meters);
        }

        void succeeded(Instant at) {
            consecutiveErrors = 0;
            lastSuccess = at;
            lastSuccessSeconds.set(at.getEpochSecond());
        }

        void published(long count) {
            records.increment(count);
            published += count;
        }

        void failed(Instant at, Exception e) {
            consecutiveErrors++;
            errors.increment();
            lastFailure = at;
            lastError = e.getMessage();
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("format", source.format().id());
            d.put("harvestedHere", owned);
            d.put("records", published);
            d.put("errors", (long) errors.count());
            if (lastSuccess != null) {
                d.put("lastSuccess", lastSuccess.toString());
            }
            if (lastError != null) {
                d.put("lastError", lastError);
                d.put("lastFailure", String.valueOf(lastFailure));
            }
            return d;
        }
    }
}
