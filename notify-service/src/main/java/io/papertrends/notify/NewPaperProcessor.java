package io.papertrends.notify;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads {@code papers-enriched}: every version becomes a card for {@code notify-papers}; a paper
 * seen for the first time, published (or first ingested) recently, is matched against every
 * confirmed subscription with alerts on, and each match is sent on, keyed by subscription, to the
 * subscriber's task. Papers already seen (a re-enrichment, a backfill of old papers) raise no alert.
 */
final class NewPaperProcessor implements Processor<String, EnrichedPaper, String, NewPaperProcessor.Out> {
    /** A card (subscription null) or an alert for one subscription. */
    record Out(EnrichedPaper card, String subscriptionId, String paperId) { }

    private final Duration maxAge;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, Subscription> subscriptions;

    NewPaperProcessor(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.seen = context.getStateStore(NotifyTopology.SEEN_PAPERS_STORE);
        this.subscriptions = context.getStateStore(NotifyTopology.SUBSCRIPTIONS_STORE);
    }

    @Override
    public void process(Record<String, EnrichedPaper> record) {
        String id = record.key();
        if (id == null) {
            return;
        }
        if (record.value() == null) {
            context.forward(record.withValue(new Out(null, null, id)));
            return;
        }
        EnrichedPaper paper = record.value();
        context.forward(record.withValue(new Out(Cards.of(paper), null, id)));
        if (seen.get(id) != null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        seen.put(id, now);
        Instant published = paper.getPaper().getPublishedAt() != null ? paper.getPaper().getPublishedAt() : paper.getPaper().getIngestedAt();
        if (published.isBefore(Instant.ofEpochMilli(now).minus(maxAge))) {
            return;
        }
        try (KeyValueIterator<String, Subscription> all = subscriptions.all()) {
            while (all.hasNext()) {
                KeyValue<String, Subscription> s = all.next();
                Subscription sub = s.value;
                if (sub.getStatus() == SubscriptionStatus.CONFIRMED && sub.getAlerts() && sub.getConfirmedAt() != null
                        && sub.getConfirmedAt().toEpochMilli() <= now && Matcher.firstMatch(sub, paper) != null) {
                    context.forward(new Record<>(sub.getId(), new Out(null, sub.getId(), id), record.timestamp()));
                }
            }
        }
    }
}
