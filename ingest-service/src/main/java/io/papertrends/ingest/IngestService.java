package io.papertrends.ingest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.http.IngestEndpoints;
import io.papertrends.service.Health;
import io.papertrends.service.KafkaHealth;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service's HTTP server: {@code POST /papers}, {@code POST /events}, and the
 * management routes {@code GET /healthz} (200 while the Kafka cluster answers, checked in the
 * background with the producer's connection settings; 503 with the reason otherwise) and
 * {@code GET /metrics}.
 *
 * <ul>
 *   <li>{@code papertrends.http.host} (default 0.0.0.0), {@code papertrends.http.port} (default 8080)</li>
 *   <li>{@value #MAX_BODY}: larger bodies are answered 413 (default 4 MiB)</li>
 *   <li>{@value #HEALTH_INTERVAL}: how often {@code /healthz}'s view of Kafka is refreshed (default 5s);
 *       unhealthy after three intervals without an answer</li>
 * </ul>
 */
public final class IngestService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** Default of {@code papertrends.http.port}. */
    public static final int DEFAULT_PORT = 8080;
    public static final String MAX_BODY = "papertrends.http.max.body.bytes";
    public static final String HEALTH_INTERVAL = "papertrends.ingest.health.interval";

    private final Ingest ingest;
    private final KafkaHealth kafka;
    private final Javalin app;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private IngestService(Ingest ingest, KafkaHealth kafka, Javalin app) {
        this.ingest = ingest;
        this.kafka = kafka;
        this.app = app;
    }

    /** Wires ingest from {@code settings} and starts serving. */
    public static IngestService start(Settings settings, PrometheusMeterRegistry meters) {
        int maxBody = settings.getInt(MAX_BODY, 4 * 1024 * 1024);
        Ingest ingest = Ingest.open(settings, meters);
        KafkaHealth kafka = new KafkaHealth(settings.kafkaProperties(), settings.getDuration(HEALTH_INTERVAL, "5s"), "papertrends-ingest-health");
        Javalin app = routing(Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody + 1L;
        }), ingest.endpoints(maxBody), meters, kafka::health);
        try {
            app.start(settings.get(ManagementServer.HOST, "0.0.0.0"), settings.getInt(ManagementServer.PORT, DEFAULT_PORT));
        } catch (RuntimeException e) {
            kafka.close();
            ingest.close();
            throw e;
        }
        log.info("ingest service listening on port {}", app.port());
        return new IngestService(ingest, kafka, app);
    }

    /** Serves until the process is stopped. */
    public static void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        RunningService.runUntilStopped(start(settings, meters), "ingest");
    }

    /** The routes; tests use exactly this wiring. */
    static Javalin routing(Javalin app, IngestEndpoints endpoints, PrometheusMeterRegistry meters, Supplier<Health> health) {
        app.post("/papers", ctx -> answer(ctx, endpoints.postPapers(ctx.bodyInputStream())));
        app.post("/events", ctx -> answer(ctx, endpoints.postEvents(ctx.bodyInputStream())));
        ManagementServer.routing(app, meters, health);
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

    @Override
    public Health health() {
        return kafka.health();
    }

    @Override
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        app.stop();
        kafka.close();
        ingest.close();
        stopped.countDown();
    }
}
