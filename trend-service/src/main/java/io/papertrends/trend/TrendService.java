package io.papertrends.trend;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.http.HttpConfig;
import io.papertrends.trend.http.TrendHttp;
import io.papertrends.trend.query.TrendQueries;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Runs the trend service as in production: the topology and its HTTP server ({@link TrendHttp},
 * settings in {@link HttpConfig}). The HTTP port is bound first, so that the address other
 * instances forward queries to ({@code application.server}) is known when Kafka Streams starts.
 */
public final class TrendService implements AutoCloseable {
    /** Default port of the HTTP server ({@code papertrends.http.port}). */
    public static final int DEFAULT_HTTP_PORT = HttpConfig.DEFAULT_PORT;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-trend";

    private final StreamsRunner runner;
    private final TrendHttp http;

    private TrendService(StreamsRunner runner, TrendHttp http) {
        this.runner = runner;
        this.http = http;
    }

    /**
     * Builds the topology from {@code settings} ({@link TrendConfig} and {@link HttpConfig} keys,
     * topic prefix, registry and Kafka settings), starts the HTTP server and the topology.
     *
     * @param reset delete this instance's local state first (it is rebuilt from the changelogs)
     */
    public static TrendService start(Settings settings, PrometheusMeterRegistry meters, boolean reset) {
        Topics topics = new Topics(settings.get(Topics.PREFIX_CONFIG, ""),
                new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        TrendConfig config = TrendConfig.from(settings);
        HttpConfig httpConfig = HttpConfig.from(settings);
        Topology topology = TrendTopology.buildTopology(topics, config, meters, StateStores.from(settings));
        Properties streamsConfig = StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID);
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        TrendHttp http = TrendHttp.start(httpConfig, config.topK(), topics, settings.kafkaProperties(), meters,
                () -> streams.get() == null ? KafkaStreams.State.CREATED : streams.get().state(),
                settings.get("papertrends.instance", streamsConfig.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
        try {
            String advertised = httpConfig.advertised(http.port());
            streamsConfig.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised);
            StreamsRunner runner = new StreamsRunner(topology, streamsConfig);
            streams.set(runner.streams());
            new KafkaStreamsMetrics(runner.streams()).bindTo(meters);
            http.serve(new TrendQueries(runner.streams(), HostInfo.buildFromEndpoint(advertised), topology, httpConfig.windows(),
                    httpConfig.forwardTimeout(), new ObjectMapper()));
            runner.start(reset);
            return new TrendService(runner, http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /**
     * Runs until the process is stopped.
     *
     * @throws IllegalStateException when stream processing failed
     */
    public static void run(Settings settings, PrometheusMeterRegistry meters, boolean reset) throws InterruptedException {
        try (TrendService service = start(settings, meters, reset)) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "trend-shutdown"));
            service.runner.awaitStop();
        }
    }

    public KafkaStreams streams() {
        return runner.streams();
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        runner.close();
    }
}
