package io.papertrends.trend;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.streams.OpsServer;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;

/** Runs the trend service as in production: blocks until stopped, throws when processing failed. */
public final class TrendService {
    /** Default port of /healthz and /metrics ({@code papertrends.http.port}). */
    public static final int DEFAULT_HTTP_PORT = 8082;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-trend";

    private TrendService() { }

    /**
     * Builds the topology from {@code settings} ({@link TrendConfig} keys, topic prefix, registry
     * and Kafka settings) and runs it until the process is stopped.
     *
     * @param reset delete this instance's local state first (it is rebuilt from the changelogs)
     * @throws IllegalStateException when stream processing failed
     */
    public static void run(Settings settings, PrometheusMeterRegistry meters, boolean reset) throws InterruptedException {
        Topics topics = new Topics(settings.get(Topics.PREFIX_CONFIG, ""),
                new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        var topology = TrendTopology.buildTopology(topics, TrendConfig.from(settings), meters, StateStores.from(settings));
        try (StreamsRunner runner = new StreamsRunner(topology, StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID))) {
            Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "trend-shutdown"));
            runner.start(reset);
            try (OpsServer ops = OpsServer.start(settings, DEFAULT_HTTP_PORT, meters, runner.streams())) {
                runner.awaitStop();
            }
        }
    }
}
