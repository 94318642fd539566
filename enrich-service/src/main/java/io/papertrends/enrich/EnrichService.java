package io.papertrends.enrich;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsService;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import org.apache.kafka.streams.Topology;

/**
 * The enrich service as in production: its topology ({@link EnrichTopology}) run by a
 * {@link StreamsRunner}, and the management server ({@code /healthz}, {@code /metrics}) on
 * {@code papertrends.management.port} (default {@value #DEFAULT_MANAGEMENT_PORT}). It has no
 * public HTTP API.
 */
public final class EnrichService extends StreamsService {
    /** Default of {@code papertrends.management.port}. */
    public static final int DEFAULT_MANAGEMENT_PORT = 9183;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-enrich";

    private EnrichService(StreamsRunner runner, ManagementServer management) {
        super(runner, management, null);
    }

    /** Builds the topology from {@code settings}, starts it and the management server. */
    public static EnrichService start(Settings given, PrometheusMeterRegistry meters) {
        Settings settings = StreamsSettings.withSchemaCache(given);
        Topics topics = Topics.from(settings.asMap());
        Topology topology = EnrichTopology.buildTopology(topics, PopularityConfig.from(settings),
                settings.getInt(EnrichTopology.TOP_N, 10), meters, StateStores.from(settings));
        StreamsRunner runner = new StreamsRunner(topology, StreamsSettings.withDeadLetters(
                StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID), topics.enrichDlq().name(), meters)).bindMetrics(meters);
        ManagementServer management;
        try {
            runner.start(settings.getBoolean(StreamsSettings.RESET, false));
            management = ManagementServer.start(settings, DEFAULT_MANAGEMENT_PORT, meters, runner::health);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        return new EnrichService(runner, management);
    }

    /** Runs until the process is stopped; throws when processing failed. */
    public static void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        RunningService.runUntilStopped(start(settings, meters), "enrich");
    }
}
