package io.papertrends.ingest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.http.IngestEndpoints;
import io.papertrends.ingest.parse.JsonRecords;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service's HTTP server: {@code POST /papers}, {@code POST /events},
 * {@code GET /healthz}, {@code GET /metrics}.
 *
 * <ul>
 *   <li>{@code papertrends.ingest.http.host} (default 0.0.0.0), {@code papertrends.ingest.http.port} (default 8080)</li>
 *   <li>{@code papertrends.ingest.http.max.body.bytes}: larger bodies are answered 413 (default 4 MiB)</li>
 * </ul>
 */
public final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    public static final String HOST = "papertrends.ingest.http.host";
    public static final String PORT = "papertrends.ingest.http.port";
    /** Default of {@link #PORT}. */
    public static final int DEFAULT_PORT = 8080;
    public static final String MAX_BODY = "papertrends.ingest.http.max.body.bytes";

    private final PrometheusMeterRegistry meters;
    private final IngestPublisher publisher;
    private final Javalin app;

    public IngestService(Settings settings) {
        Topics topics = new Topics(settings.get(Topics.PREFIX_CONFIG, ""), new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        IngestLimits limits = IngestLimits.from(settings);
        meters = ServiceMeters.prometheus("ingest-service", settings);
        publisher = new IngestPublisher(settings.kafkaProperties(), topics, limits, Clock.systemUTC(), meters);
        int maxBody = settings.getInt(MAX_BODY, 4 * 1024 * 1024);
        IngestEndpoints endpoints = new IngestEndpoints(new JsonRecords(new RecordValidator(limits, Clock.systemUTC())), publisher, maxBody);
        app = routing(Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody + 1L;
        }), endpoints, meters);
        app.start(settings.get(HOST, "0.0.0.0"), settings.getInt(PORT, DEFAULT_PORT));
        log.info("ingest service listening on port {}", app.port());
    }

    /** The routes; tests use exactly this wiring. */
    static Javalin routing(Javalin app, IngestEndpoints endpoints, PrometheusMeterRegistry meters) {
        app.post("/papers", ctx -> answer(ctx, endpoints.postPapers(ctx.bodyInputStream())));
        app.post("/events", ctx -> answer(ctx, endpoints.postEvents(ctx.bodyInputStream())));
        app.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        app.exception(IOException.class, (e, ctx) -> ctx.status(400).contentType("application/json")
                .result("{\"reasonCode\":\"UNREADABLE_BODY\",\"reason\":\"could not read the request body\"}"));
        return app;
    }

    private static void answer(Context ctx, IngestEndpoints.Response response) {
        ctx.status(response.status()).contentType("application/json").result(response.body());
    }

    public int port() {
        return app.port();
    }

    /** Serves until the process is stopped. */
    public static void run(Settings settings) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        IngestService service = new IngestService(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "ingest-shutdown"));
        stopped.await();
    }

    @Override
    public void close() {
        app.stop();
        publisher.close();
    }
}
