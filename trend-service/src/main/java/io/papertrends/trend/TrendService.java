package io.papertrends.trend;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RateLimiter;
import io.papertrends.service.RunningService;
import io.papertrends.streams.StateStores;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsService;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.http.HttpConfig;
import io.papertrends.trend.http.Peers;
import io.papertrends.trend.http.TrendHttp;
import io.papertrends.trend.library.LibraryConfig;
import io.papertrends.trend.query.TrendQueries;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trend service as in production: the topology, its public HTTP server ({@link TrendHttp},
 * settings in {@link HttpConfig}) and the management server ({@code /healthz}, {@code /metrics}
 * on {@code papertrends.management.port}, default {@value #DEFAULT_MANAGEMENT_PORT}). The HTTP
 * port is bound first, so that the address other instances forward queries to
 * ({@code application.server}) is known when Kafka Streams starts.
 */
public final class TrendService extends StreamsService {
    private static final Logger log = LoggerFactory.getLogger(TrendService.class);
    /** Default port of the HTTP server ({@code papertrends.http.port}). */
    public static final int DEFAULT_HTTP_PORT = HttpConfig.DEFAULT_PORT;
    /** Default of {@code papertrends.management.port}. */
    public static final int DEFAULT_MANAGEMENT_PORT = 9182;
    public static final String DEFAULT_APPLICATION_ID = "papertrends-trend";

    private final TrendHttp http;

    private TrendService(StreamsRunner runner, ManagementServer management, TrendHttp http) {
        super(runner, management, http);
        this.http = http;
    }

    /**
     * Builds the topology from {@code settings} ({@link TrendConfig} and {@link HttpConfig} keys,
     * topic prefix, registry and Kafka settings), starts the HTTP server and the topology.
     */
    public static TrendService start(Settings given, PrometheusMeterRegistry meters) {
        Settings settings = StreamsSettings.withSchemaCache(given);
        Topics topics = Topics.from(settings.asMap());
        TrendConfig config = TrendConfig.from(settings);
        HttpConfig httpConfig = HttpConfig.from(settings);
        ApiAccess access = apiAccess(settings, httpConfig, meters);
        Topology topology = TrendTopology.buildTopology(topics, config, meters, StateStores.from(settings));
        TrendHttp http = TrendHttp.start(httpConfig, config.topK(), topics, settings.kafkaProperties(), access,
                settings.get("papertrends.instance", settings.get(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID)),
                LibraryConfig.from(settings, StreamsSettings.stateDir(settings)));
        StreamsRunner runner = null;
        ManagementServer management = null;
        try {
            Properties streamsConfig = StreamsSettings.withDeadLetters(streamsConfig(settings, httpConfig, http.port()),
                    topics.trendDlq().name(), meters);
            String advertised = streamsConfig.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
            runner = new StreamsRunner(topology, streamsConfig).bindMetrics(meters);
            StreamsRunner streams = runner;
            management = ManagementServer.start(settings, DEFAULT_MANAGEMENT_PORT, meters, () -> streams.health().and(http.libraryHealth()));
            http.serve(new TrendQueries(runner.streams(), HostInfo.buildFromEndpoint(advertised), topology, httpConfig.windows(),
                    httpConfig.forwardTimeout(), new ObjectMapper(), httpConfig.peers().mark(advertised)));
            runner.start(settings.getBoolean(StreamsSettings.RESET, false));
            return new TrendService(runner, management, http);
        } catch (RuntimeException e) {
            http.close();
            if (management != null) {
                management.close();
            }
            if (runner != null) {
                runner.close();
            }
            throw e;
        }
    }

    /**
     * Who may call the API: open by default; with {@code papertrends.http.api.keys.required=true}
     * every {@code /api} and {@code /feeds} request needs a key, and the peer secret is then required
     * too (without it any client could mark its query as forwarded by a peer and skip the key). A
     * rate limit applies per key, or per client address when {@code papertrends.http.rate.limit}
     * is set explicitly on an open API (off by default there: behind a load balancer every reader
     * shares its address). A query a peer forwards, carrying the peer secret, passes both.
     *
     * @return the access check, or null for an open API without a limit
     */
    static ApiAccess apiAccess(Settings settings, HttpConfig httpConfig, MeterRegistry meters) {
        Peers peers = httpConfig.peers();
        ApiAccess access = ApiAccess.from(settings, false, meters, ctx -> peers.fromPeer(ctx.header(TrendReader.FORWARDED_HEADER)));
        if (access.required() && peers.secret() == null) {
            throw new IllegalArgumentException(ApiKeys.REQUIRED + "=true needs " + HttpConfig.PEER_SECRET
                    + ": without it a client could mark its query as forwarded by a peer and skip the key");
        }
        if (access.required()) {
            log.info("trend API (/api, /feeds) needs an API key: {} configured ({})", access.keys().names().size(), access.keys().names());
            return access;
        }
        return settings.get(RateLimiter.RATE).isPresent() ? access : null;
    }

    /**
     * The Kafka Streams configuration of an instance whose HTTP server is bound to {@code boundPort}:
     * an {@code application.server} set explicitly (e.g. {@code KAFKA_APPLICATION_SERVER}) wins, then
     * {@code papertrends.http.advertised}, then the bind host (or this machine's name) and the port.
     */
    static Properties streamsConfig(Settings settings, HttpConfig httpConfig, int boundPort) {
        Properties streamsConfig = StreamsSettings.streamsConfig(settings, DEFAULT_APPLICATION_ID);
        Object configured = streamsConfig.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (configured == null || configured.toString().isBlank()) {
            streamsConfig.put(StreamsConfig.APPLICATION_SERVER_CONFIG, httpConfig.advertised(boundPort));
        }
        return streamsConfig;
    }

    /** Runs until the process is stopped; throws when processing failed. */
    public static void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        RunningService.runUntilStopped(start(settings, meters), "trend");
    }

    /** The port the public HTTP server listens on. */
    public int httpPort() {
        return http.port();
    }
}
