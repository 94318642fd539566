package io.papertrends.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.notify.deliver.Mailer;
import io.papertrends.notify.deliver.Renderer;
import io.papertrends.notify.deliver.WebhookSender;
import io.papertrends.notify.subscribe.AddressPolicy;
import io.papertrends.notify.subscribe.LinkTokens;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.TopicSerdes;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The notify service's topology:
 * <pre>
 *   subscriptions, trending-digest, notify-papers ──▶ global stores (every instance holds all)
 *   papers-enriched ──▶ new-papers (cards; first sight of a recent paper ▶ matches) ─┬─▶ notify-papers
 *                                                                                  └─▶ alerts (by subscription) ─▶ subscribers ─┬─▶ notify-deliveries
 *                                                                                                                               └─▶ notify-dlq
 * </pre>
 * The {@code subscribers} tasks own the subscribers whose ids fall in their partition of the
 * {@code alerts} topic and send their mails and webhooks on a wall-clock schedule.
 */
public final class NotifyTopology {
    public static final String SUBSCRIPTIONS_STORE = "subscriptions";
    public static final String DIGESTS_STORE = "digests";
    public static final String CARDS_STORE = "cards";
    public static final String SEEN_PAPERS_STORE = "seen-papers";
    public static final String SUBSCRIBER_STATE_STORE = "subscriber-state";
    public static final String ALERTS_TOPIC = "alerts";

    private NotifyTopology() { }

    /** The parts that send: built once per instance, shared by its tasks (all thread-safe). */
    public record Senders(Composer composer, Renderer renderer, Mailer mailer, WebhookSender webhooks, SenderHealth health) {
        public static Senders of(NotifyConfig config, MeterRegistry meters) {
            SubscriberProcessor.registerMeters(meters);
            return new Senders(new Composer(new LinkTokens(config.secret()), config.publicUrl()), new Renderer(),
                    new Mailer(config.smtp(), config.from()), new WebhookSender(new AddressPolicy(config.allowPrivateWebhooks()), meters),
                    new SenderHealth());
        }
    }

    public static Topology build(Topics topics, NotifyConfig config, Senders senders, MeterRegistry meters, StateStores stores) {
        StreamsBuilder builder = new StreamsBuilder();
        global(builder, topics.subscriptions(), SUBSCRIPTIONS_STORE);
        global(builder, topics.trendingDigest(), DIGESTS_STORE);
        global(builder, topics.notifyPapers(), CARDS_STORE);
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(SEEN_PAPERS_STORE), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(SUBSCRIBER_STATE_STORE), Serdes.String(), Serdes.ByteArray()));

        KStream<String, NewPaperProcessor.Out> papers = builder.stream(topics.papersEnriched().name(),
                        TopicSerdes.consumed(topics.papersEnriched()).withName("papers-enriched-source"))
                .process(() -> new NewPaperProcessor(config.alertMaxAge()), Named.as("new-papers"), SEEN_PAPERS_STORE);
        papers.filter((k, v) -> v.subscriptionId() == null, Named.as("cards"))
                .mapValues(NewPaperProcessor.Out::card, Named.as("card"))
                .to(topics.notifyPapers().name(), TopicSerdes.produced(topics.notifyPapers()).withName("notify-papers-sink"));
        KStream<String, Outbound> out = papers.filter((k, v) -> v.subscriptionId() != null, Named.as("matches"))
                .mapValues(NewPaperProcessor.Out::paperId, Named.as("match-paper"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName(ALERTS_TOPIC).withNumberOfPartitions(config.partitions()))
                .process(() -> new SubscriberProcessor(config, senders.composer(), senders.renderer(), senders.mailer(), senders.webhooks(),
                        senders.health(), meters), Named.as("subscribers"), SUBSCRIBER_STATE_STORE);
        out.split(Named.as("outbound-"))
                .branch((k, v) -> v.delivery() != null, Branched.withConsumer(s -> s.mapValues(Outbound::delivery, Named.as("delivery"))
                        .to(topics.notifyDeliveries().name(), TopicSerdes.produced(topics.notifyDeliveries()).withName("deliveries-sink")),
                        "deliveries"))
                .defaultBranch(Branched.withConsumer(s -> s.map((k, v) -> org.apache.kafka.streams.KeyValue.pair(
                                k.getBytes(java.nio.charset.StandardCharsets.UTF_8), v.deadLetter()), Named.as("dead-letter"))
                        .to(topics.notifyDlq().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dlq-sink")), "dead-letters"));
        return builder.build();
    }

    private static <V> void global(StreamsBuilder builder, TopicSpec<String, V> topic, String store) {
        StoreBuilder<KeyValueStore<String, V>> stored = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                topic.keySerde(), topic.valueSerde()).withLoggingDisabled();
        builder.addGlobalStore(stored, topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()).withName(store + "-source"),
                () -> new GlobalStoreLoader<>(store));
    }
}
