package io.papertrends.topics;

import io.papertrends.avro.Delivery;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.HarvestCheckpoint;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.serde.SerdeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the contract (DESIGN.md), each with its name and serdes, for one deployment.
 * Names carry a common prefix (empty by default) so several deployments can share a cluster.
 * Keys are strings: paper id, source, scope, window or {@code scope|date}.
 */
public final class Topics {
    /** Config key of the topic-name prefix. */
    public static final String PREFIX_CONFIG = "papertrends.topic.prefix";

    public static final String PAPERS = "papers";
    public static final String PAPER_EVENTS = "paper-events";
    public static final String INGEST_REJECTS = "ingest-rejects";
    public static final String INGEST_CHECKPOINTS = "ingest-checkpoints";
    public static final String PAPERS_ENRICHED = "papers-enriched";
    public static final String PAPER_POPULARITY = "paper-popularity";
    public static final String TRENDING_UPDATES = "trending-updates";
    public static final String TRENDING_KEYWORDS = "trending-keywords";
    public static final String TRENDING_DIGEST = "trending-digest";
    public static final String ENRICH_DLQ = "enrich-dlq";
    public static final String TREND_DLQ = "trend-dlq";
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String NOTIFY_PAPERS = "notify-papers";
    public static final String NOTIFY_DELIVERIES = "notify-deliveries";
    public static final String NOTIFY_DLQ = "notify-dlq";

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final String prefix;
    private final TopicSpec<String, Paper> papers;
    private final TopicSpec<String, PaperEvent> paperEvents;
    private final TopicSpec<String, RejectedRecord> ingestRejects;
    private final TopicSpec<String, HarvestCheckpoint> ingestCheckpoints;
    private final TopicSpec<String, EnrichedPaper> papersEnriched;
    private final TopicSpec<String, PaperPopularity> paperPopularity;
    private final TopicSpec<String, TrendingUpdate> trendingUpdates;
    private final TopicSpec<String, TrendingKeywords> trendingKeywords;
    private final TopicSpec<String, TrendingDigest> trendingDigest;
    private final TopicSpec<byte[], byte[]> enrichDlq;
    private final TopicSpec<byte[], byte[]> trendDlq;
    private final TopicSpec<String, Subscription> subscriptions;
    private final TopicSpec<String, EnrichedPaper> notifyPapers;
    private final TopicSpec<String, Delivery> notifyDeliveries;
    private final TopicSpec<byte[], byte[]> notifyDlq;

    /**
     * The topics of a deployment's configuration: the prefix ({@value #PREFIX_CONFIG}) and the
     * schema registry ({@link RegistryConfig#from}) read from {@code config}, e.g. a service's settings.
     */
    public static Topics from(Map<String, ?> config) {
        Object prefix = config.get(PREFIX_CONFIG);
        return new Topics(prefix == null ? "" : prefix.toString(), new SchemaRegistryClient(RegistryConfig.from(config)));
    }

    /** Topics whose values are framed in the Confluent wire format with schemas from {@code registry}. */
    public Topics(String prefix, SchemaRegistryClient registry) {
        this(prefix, SerdeFactory.registry(Objects.requireNonNull(registry, "registry")));
    }

    public Topics(String prefix, SerdeFactory serdes) {
        this.prefix = prefix == null ? "" : prefix;
        Objects.requireNonNull(serdes, "serdes");
        papers = spec(PAPERS, Paper.class, serdes, true, -1);
        paperEvents = spec(PAPER_EVENTS, PaperEvent.class, serdes, false, 30 * DAY_MS);
        ingestRejects = spec(INGEST_REJECTS, RejectedRecord.class, serdes, false, 30 * DAY_MS);
        ingestCheckpoints = spec(INGEST_CHECKPOINTS, HarvestCheckpoint.class, serdes, true, -1);
        papersEnriched = spec(PAPERS_ENRICHED, EnrichedPaper.class, serdes, true, -1);
        paperPopularity = spec(PAPER_POPULARITY, PaperPopularity.class, serdes, false, 14 * DAY_MS);
        trendingUpdates = spec(TRENDING_UPDATES, TrendingUpdate.class, serdes, false, 7 * DAY_MS);
        trendingKeywords = spec(TRENDING_KEYWORDS, TrendingKeywords.class, serdes, false, 7 * DAY_MS);
        trendingDigest = spec(TRENDING_DIGEST, TrendingDigest.class, serdes, false, 90 * DAY_MS);
        enrichDlq = deadLetters(ENRICH_DLQ);
        trendDlq = deadLetters(TREND_DLQ);
        subscriptions = spec(SUBSCRIPTIONS, Subscription.class, serdes, true, -1);
        notifyPapers = spec(NOTIFY_PAPERS, EnrichedPaper.class, serdes, true, -1);
        notifyDeliveries = spec(NOTIFY_DELIVERIES, Delivery.class, serdes, false, 90 * DAY_MS);
        notifyDlq = deadLetters(NOTIFY_DLQ);
    }

    private <V extends SpecificRecord> TopicSpec<String, V> spec(
            String base, Class<V> type, SerdeFactory serdes, boolean compacted, long retentionMs) {
        return new TopicSpec<>(prefix + base, Serdes.String(), serdes.valueSerde(type), compacted, retentionMs);
    }

    /** A dead-letter topic: each record's original key and value bytes, its origin and error in headers; kept 30 days. */
    private TopicSpec<byte[], byte[]> deadLetters(String base) {
        return new TopicSpec<>(prefix + base, Serdes.ByteArray(), Serdes.ByteArray(), false, 30 * DAY_MS);
    }

    public String prefix() {
        return prefix;
    }

    public TopicSpec<String, Paper> papers() {
        return papers;
    }

    public TopicSpec<String, PaperEvent> paperEvents() {
        return paperEvents;
    }

    public TopicSpec<String, RejectedRecord> ingestRejects() {
        return ingestRejects;
    }

    /**
     * How far the ingest service has harvested each configured source, keyed by the source's
     * name; compacted. Written and read by the ingest service only, in the transactions that
     * publish the harvested papers.
     */
    public TopicSpec<String, HarvestCheckpoint> ingestCheckpoints() {
        return ingestCheckpoints;
    }

    public TopicSpec<String, EnrichedPaper> papersEnriched() {
        return papersEnriched;
    }

    public TopicSpec<String, PaperPopularity> paperPopularity() {
        return paperPopularity;
    }

    public TopicSpec<String, TrendingUpdate> trendingUpdates() {
        return trendingUpdates;
    }

    public TopicSpec<String, TrendingKeywords> trendingKeywords() {
        return trendingKeywords;
    }

    public TopicSpec<String, TrendingDigest> trendingDigest() {
        return trendingDigest;
    }

    /** Records the enrich service could not process: dead letters of {@code papers} and {@code paper-events}. */
    public TopicSpec<byte[], byte[]> enrichDlq() {
        return enrichDlq;
    }

    /** Records the trend service could not process: dead letters of {@code papers-enriched} and {@code paper-popularity}. */
    public TopicSpec<byte[], byte[]> trendDlq() {
        return trendDlq;
    }

    /** Subscriptions to notifications, keyed by subscription id; compacted, a tombstone deletes one. */
    public TopicSpec<String, Subscription> subscriptions() {
        return subscriptions;
    }

    /**
     * The papers the notify service mails about, as mails show them (a short abstract, the top
     * keyphrases), keyed by paper id; compacted. Written and read by the notify service only.
     */
    public TopicSpec<String, EnrichedPaper> notifyPapers() {
        return notifyPapers;
    }

    /** Notifications sent or given up, keyed {@code <subscription id>|<kind>|<period>}. */
    public TopicSpec<String, Delivery> notifyDeliveries() {
        return notifyDeliveries;
    }

    /** Notifications refused for good (an address that does not exist, a webhook that keeps failing) and records notify could not process. */
    public TopicSpec<byte[], byte[]> notifyDlq() {
        return notifyDlq;
    }

    /** Every topic of the contract, in pipeline order, dead-letter topics last. */
    public List<TopicSpec<?, ?>> all() {
        return List.of(papers, paperEvents, ingestRejects, ingestCheckpoints, papersEnriched, paperPopularity,
                trendingUpdates, trendingKeywords, trendingDigest, subscriptions, notifyPapers, notifyDeliveries,
                enrichDlq, trendDlq, notifyDlq);
    }
}
