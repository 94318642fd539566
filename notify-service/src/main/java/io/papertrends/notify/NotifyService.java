package io.papertrends.notify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.avro.Subscription;
import io.papertrends.config.Settings;
import io.papertrends.notify.http.NotifyHttp;
import io.papertrends.notify.subscribe.AddressPolicy;
import io.papertrends.notify.subscribe.LinkTokens;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.Health;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsService;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The notify service as in production: its topology ({@link NotifyTopology}), the HTTP API for
 * subscriptions ({@link NotifyHttp}) on {@code papertrends.http.port} (default
 * {@value #DEFAULT_HTTP_PORT}), {@code /healthz} and {@code /metrics} on the management port
 * (default {@value #DEFAULT_MANAGEMENT_PORT}), and the producer that writes subscriptions. Settings in {@link NotifyConfig}.
 */
public final class NotifyService extends StreamsService {
    public static final int DEFAULT_HTTP_PORT = 8084;
    /** Default of {@code papertrends.management.port}. */
    public static final int DEFAULT_MANAGEMENT_PORT = 9184;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-notify";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final NotifyHttp http;
    private final KafkaProducer<String, Subscription> producer;
    private final SenderHealth senders;

    private NotifyService(StreamsRunner runner, ManagementServer management, NotifyHttp http, KafkaProducer<String, Subscription> producer,
                          SenderHealth senders) {
        super(runner, management, http);
        this.http = http;
        this.producer = producer;
        this.senders = senders;
    }

    public static NotifyService start(Settings given, PrometheusMeterRegistry meters) {
        Settings settings = StreamsSettings.withSchemaCache(given);
        Topics topics = Topics.from(settings.asMap());
        AtomicReference<StreamsRunner> running = new AtomicReference<>();
        AtomicReference<SenderHealth> senderHealth = new AtomicReference<>();
        Map<String, Object> producerConfig = new HashMap<>(settings.kafkaProperties());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis() - 1000);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        KafkaProducer<String, Subscription> producer = new KafkaProducer<>(producerConfig, topics.subscriptions().keySerde().serializer(),
                topics.subscriptions().valueSerde().serializer());
        String secret = settings.get(NotifyConfig.SECRET).orElse("");
        AddressPolicy policy = new AddressPolicy(settings.getBoolean(NotifyConfig.ALLOW_PRIVATE, false));
        NotifyHttp http;
        try {
            http = NotifyHttp.start(settings.get(HttpApi.HOST, HttpApi.DEFAULT_HOST), settings.getInt(HttpApi.PORT, DEFAULT_HTTP_PORT),
                    store(running, producer, topics.subscriptions().name()), policy, new LinkTokens(checkedSecret(settings, secret)),
                    ApiAccess.from(settings, false, meters, ctx -> false), HttpApi.corsOrigins(settings));
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
        ManagementServer management = null;
        try {
            String host = settings.get(HttpApi.HOST, HttpApi.DEFAULT_HOST);
            String linkHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
            NotifyConfig config = NotifyConfig.from(settings.get(NotifyConfig.PUBLIC_URL).isPresent() ? settings
                    : settings.with(NotifyConfig.PUBLIC_URL, "http://" + linkHost + ":" + http.port()), http.port());
            NotifyTopology.Senders senders = NotifyTopology.Senders.of(config, meters);
            senderHealth.set(senders.health());
            StreamsRunner runner = new StreamsRunner(NotifyTopology.build(topics, config, senders, meters, StateStores.from(settings)),
                    StreamsSettings.withDeadLetters(StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID), topics.notifyDlq().name(), meters))
                    .bindMetrics(meters);
            running.set(runner);
            Gauge.builder("papertrends.notify.subscriptions", () -> count(runner)).description("Subscriptions known (all channels and states)")
                    .register(meters);
            management = ManagementServer.start(settings, DEFAULT_MANAGEMENT_PORT, meters, () -> health(running.get(), senderHealth.get()));
            runner.start(settings.getBoolean(StreamsSettings.RESET, false));
            return new NotifyService(runner, management, http, producer, senders.health());
        } catch (RuntimeException e) {
            http.close();
            if (management != null) {
                management.close();
            }
            if (running.get() != null) {
                running.get().close();
            }
            producer.close();
            throw e;
        }
    }

    private static byte[] checkedSecret(Settings settings, String secret) {
        NotifyConfig.from(settings, 0);
        return secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Health health(StreamsRunner runner, SenderHealth senders) {
        if (runner == null) {
            return Health.down("not started yet", Map.of("streams", KafkaStreams.State.CREATED.name()));
        }
        return senders == null ? runner.health() : runner.health().and(senders.health());
    }

    private static double count(StreamsRunner runner) {
        try {
            return subscriptions(runner).approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }

    private static ReadOnlyKeyValueStore<String, Subscription> subscriptions(StreamsRunner runner) {
        return runner.streams().store(StoreQueryParameters.fromNameAndType(NotifyTopology.SUBSCRIPTIONS_STORE, QueryableStoreTypes.keyValueStore()));
    }

    private static NotifyHttp.Store store(AtomicReference<StreamsRunner> running, KafkaProducer<String, Subscription> producer, String topic) {
        return new NotifyHttp.Store() {
            @Override
            public Optional<Subscription> get(String id) {
                StreamsRunner runner = running.get();
                if (runner == null) {
                    throw new NotifyHttp.Unavailable("the notify service is starting", null);
                }
                try {
                    return Optional.ofNullable(subscriptions(runner).get(id));
                } catch (InvalidStateStoreException e) {
                    throw new NotifyHttp.Unavailable("the notify service is starting or rebalancing", e);
                }
            }

            @Override
            public void put(String id, Subscription value) {
                try {
                    producer.send(new ProducerRecord<>(topic, id, value)).get(WRITE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
                    throw new NotifyHttp.Unavailable("Kafka did not take the subscription; send it again", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NotifyHttp.Unavailable("interrupted", e);
                }
            }
        };
    }

    @Override
    public Health health() {
        return super.health().and(senders.health());
    }

    @Override
    public void close() {
        super.close();
        producer.close(Duration.ofSeconds(5));
    }

    /** Runs until the process is stopped; throws when processing failed. */
    public static void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        RunningService.runUntilStopped(start(settings, meters), "notify");
    }

    /** The port of the HTTP API (and {@code /healthz}, {@code /metrics}). */
    public int httpPort() {
        return http.port();
    }
}
