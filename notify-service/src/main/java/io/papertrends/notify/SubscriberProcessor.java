package io.papertrends.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.avro.Channel;
import io.papertrends.avro.Delivery;
import io.papertrends.avro.DeliveryKind;
import io.papertrends.avro.DeliveryOutcome;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.notify.deliver.Mailer;
import io.papertrends.notify.deliver.Message;
import io.papertrends.notify.deliver.Outcome;
import io.papertrends.notify.deliver.Renderer;
import io.papertrends.notify.deliver.WebhookSender;
import io.papertrends.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notifications of the subscribers this task owns: those whose id falls in the task's
 * partition of the per-subscriber topic (the same rule routes their alerts here, so one task,
 * on one instance, sends for a subscriber). Queues the alerts it receives; every check interval
 * (wall clock) it looks at each subscriber it owns: the confirmation request of a new e-mail
 * address, the digest due at their local time, the alert batch when the last alert is older than
 * the alert interval. What was sent is remembered in the task's store and logged to
 * {@code notify-deliveries} in the same transaction, so a digest goes out once per subscriber and
 * period across restarts and instances. A crash after the SMTP server accepted a mail and before
 * the transaction committed sends it again, with the same Message-ID (and a webhook the same
 * Idempotency-Key).
 *
 * <p>An SMTP server that does not answer is not the address's fault: nothing is recorded, the
 * check stops mailing for this round, {@code /healthz} says so, and the next check tries again.
 * A 5xx reply fails the mail for good (a dead letter). Webhooks are retried with doubling pauses
 * and dead-lettered after the last attempt.
 */
final class SubscriberProcessor implements Processor<String, String, String, Outbound> {
    private static final Logger log = LoggerFactory.getLogger(SubscriberProcessor.class);
    private static final int CLEANUP_EVERY = 20;

    private final NotifyConfig config;
    private final Composer composer;
    private final Renderer renderer;
    private final Mailer mailer;
    private final WebhookSender webhooks;
    private final SenderHealth health;
    private final MeterRegistry meters;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<String, Subscription> subscriptions;
    private KeyValueStore<String, TrendingDigest> digests;
    private KeyValueStore<String, EnrichedPaper> cards;
    private String resumeAfter;
    private int checks;

    SubscriberProcessor(NotifyConfig config, Composer composer, Renderer renderer, Mailer mailer, WebhookSender webhooks, SenderHealth health,
                        MeterRegistry meters) {
        this.config = config;
        this.composer = composer;
        this.renderer = renderer;
        this.mailer = mailer;
        this.webhooks = webhooks;
        this.health = health;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.states = context.getStateStore(NotifyTopology.SUBSCRIBER_STATE_STORE);
        this.subscriptions = context.getStateStore(NotifyTopology.SUBSCRIPTIONS_STORE);
        this.digests = context.getStateStore(NotifyTopology.DIGESTS_STORE);
        this.cards = context.getStateStore(NotifyTopology.CARDS_STORE);
        context.schedule(config.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    /** An alert for a subscriber: queued until their next alert is due. */
    @Override
    public void process(Record<String, String> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        SubscriberState state = SubscriberState.fromBytes(states.get(record.key()));
        state.queue(record.value(), context.currentSystemTimeMs());
        states.put(record.key(), state.toBytes());
    }

    /** Whether this task sends for {@code subscriptionId}: the partition the default partitioner gives its key. */
    static boolean owns(String subscriptionId, int partition, int partitions) {
        return Utils.toPositive(Utils.murmur2(subscriptionId.getBytes(StandardCharsets.UTF_8))) % partitions == partition;
    }

    void check(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        long deadline = System.nanoTime() + config.sendBudget().toNanos();
        int partition = context.taskId().partition();
        Round round = new Round();
        String last = null;
        boolean finished = true;
        try (KeyValueIterator<String, Subscription> all = resumeAfter == null ? subscriptions.all() : subscriptions.range(resumeAfter, null)) {
            while (all.hasNext()) {
                KeyValue<String, Subscription> next = all.next();
                if (next.key.equals(resumeAfter) || !owns(next.key, partition, config.partitions())) {
                    continue;
                }
                last = next.key;
                handle(next.value, now, round);
                if (System.nanoTime() > deadline) {
                    finished = false;
                    break;
                }
            }
        }
        resumeAfter = finished ? null : last;
        if (finished && ++checks % CLEANUP_EVERY == 0) {
            forgetDeleted();
        }
    }

    /** What one check learnt: once the SMTP server failed, no more mails this round. */
    private static final class Round {
        boolean smtpDown;
    }

    private void handle(Subscription s, Instant now, Round round) {
        if (s.getChannel() == Channel.EMAIL && round.smtpDown) {
            return;
        }
        byte[] stored = states.get(s.getId());
        SubscriberState state = SubscriberState.fromBytes(stored);
        boolean changed = false;
        if (s.getStatus() == SubscriptionStatus.PENDING) {
            if (s.getChannel() == Channel.EMAIL && !state.confirmationSent) {
                Message m = composer.confirmation(s);
                if (deliver(s, m, DeliveryKind.CONFIRMATION, state, now, round)) {
                    state.confirmationSent = true;
                    changed = true;
                }
            }
        } else if (s.getStatus() == SubscriptionStatus.CONFIRMED && (state.retry == null || now.toEpochMilli() >= state.retry.nextAt)) {
            changed |= digest(s, state, now, round);
            changed |= alert(s, state, now, round);
        }
        if (changed || (stored == null && !state.queued.isEmpty())) {
            states.put(s.getId(), state.toBytes());
        }
    }

    private boolean digest(Subscription s, SubscriberState state, Instant now, Round round) {
        String period = Schedule.due(s, now);
        if (period == null || period.equals(state.lastDigest) || (state.retry != null && !matches(state.retry, DeliveryKind.DIGEST, period))) {
            return false;
        }
        Message m = composer.digest(s, period, digests::get, cards::get, new HashSet<>(state.lastDigestPapers), now);
        if (m == null) {
            return false;
        }
        boolean done = deliver(s, m, DeliveryKind.DIGEST, state, now, round);
        if (done) {
            state.lastDigest = period;
            state.lastDigestPapers = m.items().stream().map(Message.Item::paperId).toList();
        }
        return true;
    }

    private boolean alert(Subscription s, SubscriberState state, Instant now, Round round) {
        if (state.queued.isEmpty()) {
            return false;
        }
        if (!s.getAlerts()) {
            state.queued.clear();
            return true;
        }
        if (now.toEpochMilli() - state.lastAlertAt < config.alertInterval().toMillis()) {
            return false;
        }
        String period = Long.toString(state.queuedSince / 1000);
        if (state.retry != null && !matches(state.retry, DeliveryKind.ALERT, period)) {
            return false;
        }
        Message m = composer.alert(s, period, state.queued, cards::get);
        if (m == null) {
            return false;
        }
        if (deliver(s, m, DeliveryKind.ALERT, state, now, round)) {
            state.queued.clear();
            state.lastAlertAt = now.toEpochMilli();
        }
        return true;
    }

    private static boolean matches(SubscriberState.Retry retry, DeliveryKind kind, String period) {
        return retry.kind.equals(kind.name()) && retry.period.equals(period);
    }

    /**
     * Sends {@code m}; true when it is done with (sent, or failed for good and dead-lettered),
     * false when it waits for a retry (the state says when, for webhooks).
     */
    private boolean deliver(Subscription s, Message m, DeliveryKind kind, SubscriberState state, Instant now, Round round) {
        Outcome outcome;
        if (s.getChannel() == Channel.EMAIL) {
            outcome = mailer.send(s.getAddress(), m, renderer.text(m), renderer.html(m));
            if (outcome.kind() == Outcome.Kind.RETRY) {
                round.smtpDown = true;
                health.smtpFailed(outcome.reason(), now);
                log.warn("mail to subscription {} not sent, will retry: {}", s.getId(), outcome.reason());
                return false;
            }
            health.smtpWorked();
        } else if (s.getChannel() == Channel.WEBHOOK && s.getSecret() != null) {
            outcome = webhooks.send(s.getAddress(), s.getSecret(), m, renderer.json(m, now), now);
        } else {
            outcome = Outcome.permanent("subscription of an unknown channel");
        }
        int attempts = (state.retry != null && matches(state.retry, kind, m.period()) ? state.retry.attempts : 0) + 1;
        if (outcome.kind() == Outcome.Kind.RETRY && attempts < config.webhookAttempts()) {
            SubscriberState.Retry retry = new SubscriberState.Retry();
            retry.kind = kind.name();
            retry.period = m.period();
            retry.attempts = attempts;
            retry.nextAt = now.toEpochMilli() + backoff(attempts).toMillis();
            state.retry = retry;
            log.info("webhook of subscription {} failed (attempt {} of {}), next at {}: {}", s.getId(), attempts, config.webhookAttempts(),
                    Instant.ofEpochMilli(retry.nextAt), outcome.reason());
            return false;
        }
        state.retry = null;
        boolean sent = outcome.isSent();
        String messageId = s.getChannel() == Channel.EMAIL ? mailer.messageId(m.id()) : m.id();
        Delivery d = Delivery.newBuilder().setSubscriptionId(s.getId()).setKind(kind).setChannel(s.getChannel()).setPeriod(m.period())
                .setMessageId(messageId).setOutcome(sent ? DeliveryOutcome.SENT : DeliveryOutcome.FAILED).setAttempts(attempts)
                .setPapers(m.items().stream().map(Message.Item::paperId).toList()).setError(sent ? null : outcome.reason()).setAt(now).build();
        String key = s.getId() + "|" + kind.name().toLowerCase(Locale.ROOT) + "|" + m.period();
        context.forward(new Record<>(key, Outbound.of(d), now.toEpochMilli()));
        counter(meters, sent ? SENT : FAILED, s.getChannel(), kind).increment();
        if (!sent) {
            log.warn("{} for subscription {} failed for good after {} attempt(s): {}", kind, s.getId(), attempts, outcome.reason());
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetters.REASON, "DELIVERY_FAILED".getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetters.SERVICE, "notify".getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetters.MESSAGE, String.valueOf(outcome.reason()).getBytes(StandardCharsets.UTF_8));
            headers.add("papertrends.notify.delivery", key.getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(s.getId(), Outbound.deadLetter(renderer.json(m, now).getBytes(StandardCharsets.UTF_8)), now.toEpochMilli(),
                    headers));
        }
        return true;
    }

    private Duration backoff(int attempts) {
        Duration d = config.retryInitial().multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(config.retryMax()) > 0 ? config.retryMax() : d;
    }

    static final String SENT = "papertrends.notify.sent";
    static final String FAILED = "papertrends.notify.failed";

    /** Registers every channel's and kind's counters at zero, so dashboards see them before the first send. */
    static void registerMeters(MeterRegistry meters) {
        for (Channel channel : List.of(Channel.EMAIL, Channel.WEBHOOK)) {
            for (DeliveryKind kind : List.of(DeliveryKind.CONFIRMATION, DeliveryKind.DIGEST, DeliveryKind.ALERT)) {
                if (channel == Channel.WEBHOOK && kind == DeliveryKind.CONFIRMATION) {
                    continue;
                }
                counter(meters, SENT, channel, kind);
                counter(meters, FAILED, channel, kind);
            }
        }
    }

    private static Counter counter(MeterRegistry meters, String name, Channel channel, DeliveryKind kind) {
        return Counter.builder(name).description(name.endsWith("sent") ? "Notifications sent" : "Notifications failed for good")
                .tag("channel", channel.name().toLowerCase(Locale.ROOT)).tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(meters);
    }

    /** Drops the state of subscriptions deleted since (unsubscribed). */
    private void forgetDeleted() {
        List<String> gone = new java.util.ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = states.all()) {
            while (all.hasNext()) {
                String id = all.next().key;
                if (subscriptions.get(id) == null) {
                    gone.add(id);
                }
            }
        }
        gone.forEach(states::delete);
    }
}
