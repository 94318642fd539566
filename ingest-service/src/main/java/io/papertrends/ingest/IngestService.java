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
 * {@code /healthz} answers 200 while the Kafka cluster answers (checked in the background with the
 * producer's connection settings), 503 with the reason otherwise.
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
    /** How often {@code /healthz}'s view of Kafka is refreshed (default 5s); unhealthy after three intervals without an answer. */
    public static final String HEALTH_INTERVAL = "papertrends.ingest.health.interval";

    private final PrometheusMeterRegistry meters;
    private final IngestPublisher publisher;
    private final Javalin app;
    private final KafkaHealth health;

    public IngestService(Settings settings) {
        Topics topics = new Topics(settings.get(Topics.PREFIX_CONFIG, ""), new SchemaRegistryClient(RegistryConfig.from(settings.asMap())));
        IngestLimits limits = IngestLimits.from(settings);
        meters = ServiceMeters.prometheus("ingest-service", settings);
        publisher = new IngestPublisher(settings.kafkaProperties(), topics, limits, Clock.systemUTC(), meters);
        int maxBody = settings.getInt(MAX_BODY, 4 * 1024 * 1024);
        IngestEndpoints endpoints = new IngestEndpoints(new JsonRecords(new RecordValidator(limits, Clock.systemUTC())), publisher, maxBody);
        health = new KafkaHealth(settings.kafkaProperties(), settings.getDuration(HEALTH_INTERVAL, "5s"));
        app = routing(Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody + 1L;
        }), endpoints, meters, health);
        app.start(settings.get(HOST, "0.0.0.0"), settings.getInt(PORT, DEFAULT_PORT));
        log.info("ingest service listening on port {}", app.port());
    }

    /** The routes; tests use exactly this wiring. */
    static Javalin routing(Javalin app, IngestEndpoints endpoints, PrometheusMeterRegistry meters, KafkaHealth health) {
        app.post("/papers", ctx -> answer(ctx, endpoints.postPapers(ctx.bodyInputStream())));
        app.post("/events", ctx -> answer(ctx, endpoints.postEvents(ctx.bodyInputStream())));
        app.get("/healthz", ctx -> {
            String problem = health.problem();
            ctx.contentType("application/json");
            if (problem == null) {
                ctx.result("{\"status\":\"UP\",\"kafka\":{\"brokers\":" + health.brokers() + "}}");
            } else {
                ctx.status(503).result("{\"status\":\"DOWN\",\"reason\":" + jsonString(problem) + "}");
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        app.exception(IOException.class, (e, ctx) -> ctx.status(400).contentType("application/json")
                .result("{\"reasonCode\":\"UNREADABLE_BODY\",\"reason\":\"could not read the request body\"}"));
        return app;
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
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
        health.close();
        publisher.close();
    }
}
