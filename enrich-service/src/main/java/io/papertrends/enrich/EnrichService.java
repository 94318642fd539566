package io.papertrends.enrich;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.streams.OpsServer;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;

/** Runs the enrich service as in production: blocks until stopped, throws when processing failed. */
public final class EnrichService {
    /** Default port of /healthz and /metrics ({@code papertrends.http.port}). */
    public static final int DEFAULT_HTTP_PORT = 8083;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-enrich";

    private EnrichService() { }

    public static void run(Settings settings, PrometheusMeterRegistry meters, boolean reset) throws InterruptedException {
        Topics topics = new Topics(settings.get(Topics.PREFIX_CONFIG, ""),
                new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        var topology = EnrichTopology.buildTopology(topics, PopularityConfig.from(settings),
                settings.getInt(EnrichTopology.TOP_N, 10), meters, StateStores.from(settings));
        try (StreamsRunner runner = new StreamsRunner(topology, StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID))) {
            Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "enrich-shutdown"));
            runner.start(reset);
            try (OpsServer ops = OpsServer.start(settings, DEFAULT_HTTP_PORT, meters, runner.streams())) {
                runner.awaitStop();
            }
        }
    }
}
