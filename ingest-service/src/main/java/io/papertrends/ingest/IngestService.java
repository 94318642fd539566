package io.papertrends.ingest;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.harvest.HarvestSource;
import io.papertrends.ingest.harvest.Harvester;
import io.papertrends.ingest.http.IngestEndpoints;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.Health;
import io.papertrends.service.HttpApi;
import io.papertrends.service.KafkaHealth;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: its public HTTP server ({@code POST /papers}, {@code POST /events}) and
 * its management server ({@code GET /healthz}: 200 while the Kafka cluster answers, checked in
 * the background with the producer's connection settings, 503 with the reason otherwise;
 * {@code GET /metrics}). With sources configured ({@link HarvestSource}) it also follows them on
 * a schedule ({@link Harvester}); {@code /healthz} then shows each source under {@code harvest}.
 *
 * <ul>
 *   <li>{@code papertrends.http.host} (default 0.0.0.0), {@code papertrends.http.port} (default 8080)</li>
 *   <li>{@code papertrends.management.host} (default 127.0.0.1), {@code papertrends.management.port}
 *       (default {@value #DEFAULT_MANAGEMENT_PORT})</li>
 *   <li>{@value #MAX_BODY}: larger bodies are answered 413 (default 4 MiB)</li>
 *   <li>{@value #HEALTH_INTERVAL}: how often {@code /healthz}'s view of Kafka is refreshed (default 5s);
 *       unhealthy after three intervals without an answer</li>
 *   <li>{@code papertrends.http.api.keys}: with keys configured, every write needs one of them
 *       ({@link ApiAccess}); without, writes are open and a warning says so at start (the demo and
 *       local runs); {@code papertrends.http.api.keys.required=true} refuses to start without keys</li>
 *   <li>{@code papertrends.http.rate.limit}, {@code .burst}: writes per second per key (per client
 *       address without keys)</li>
 * </ul>
 */
public final class IngestService implements RunningService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    /** Default of {@code papertrends.http.port}. */
    public static final int DEFAULT_PORT = 8080;
    /** Default of {@code papertrends.management.port}. */
    public static final int DEFAULT_MANAGEMENT_PORT = 9180;
    public static final String MAX_BODY = "papertrends.http.max.body.bytes";
    public static final String HEALTH_INTERVAL = "papertrends.ingest.health.interval";

    private final Ingest ingest;
    private final Harvester harvester;
    private final KafkaHealth kafka;
    private final Javalin app;
    private final ManagementServer management;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private IngestService(Ingest ingest, Harvester harvester, KafkaHealth kafka, Javalin app, ManagementServer management) {
        this.ingest = ingest;
        this.harvester = harvester;
        this.kafka = kafka;
        this.app = app;
        this.management = management;
    }

    /** Wires ingest from {@code settings} and starts serving. */
    public static IngestService start(Settings settings, PrometheusMeterRegistry meters) {
        int maxBody = settings.getInt(MAX_BODY, 4 * 1024 * 1024);
        ApiAccess access = ApiAccess.from(settings, !ApiKeys.from(settings).isEmpty(), meters, ctx -> false);
        List<HarvestSource> sources = HarvestSource.from(settings, Clock.systemUTC());
        Ingest ingest = Ingest.open(settings, meters);
        KafkaHealth kafka = new KafkaHealth(settings.kafkaProperties(), settings.getDuration(HEALTH_INTERVAL, "5s"), "papertrends-ingest-health");
        Javalin app = routing(Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody + 1L;
        }), ingest.endpoints(maxBody), access);
        ManagementServer management = null;
        Harvester harvester = null;
        try {
            harvester = sources.isEmpty() ? null
                    : Harvester.start(sources, settings, ingest.topics(), ingest.validator(), ingest.limits(), meters, Clock.systemUTC());
            Harvester harvesting = harvester;
            management = ManagementServer.start(settings, DEFAULT_MANAGEMENT_PORT, meters,
                    () -> harvesting == null ? kafka.health() : kafka.health().and(harvesting.health()));
            app.start(settings.get(HttpApi.HOST, HttpApi.DEFAULT_HOST), settings.getInt(HttpApi.PORT, DEFAULT_PORT));
        } catch (RuntimeException e) {
            if (management != null) {
                management.close();
            }
            if (harvester != null) {
                harvester.close();
            }
            kafka.close();
            ingest.close();
            throw e;
        }
        log.info("ingest service listening on port {}", app.port());
        if (access.required()) {
            log.info("ingest writes need an API key: {} configured ({})", access.keys().names().size(), access.keys().names());
        } else {
            log.warn("INGEST WRITES ARE OPEN: POST /papers and POST /events on port {} take writes from anyone who can reach it, as no API key "
                    + "is configured. Set {} before exposing it (./papertrends api-key NAME prints a key and its entry).", app.port(), ApiKeys.KEYS);
        }
        return new IngestService(ingest, harvester, kafka, app, management);
    }

    /** Serves until the process is stopped. */
    public static void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        RunningService.runUntilStopped(start(settings, meters), "ingest");
    }

    /** The routes; tests use exactly this wiring. */
    static Javalin routing(Javalin app, IngestEndpoints endpoints, ApiAccess access) {
        app.before("/papers", access);
        app.before("/events", access);
        app.post("/papers", ctx -> answer(ctx, endpoints.postPapers(ctx.bodyInputStream())));
        app.post("/events", ctx -> answer(ctx, endpoints.postEvents(ctx.bodyInputStream())));
        app.exception(IOException.class, (e, ctx) -> ctx.status(400).contentType("application/json")
                .result("{\"reasonCode\":\"UNREADABLE_BODY\",\"reason\":\"could not read the request body\"}"));
        return app;
    }

    private static void answer(Context ctx, IngestEndpoints.Response response) {
        ctx.status(response.status()).contentType("application/json").result(response.body());
    }

    /** The port of the public API. */
    public int port() {
        return app.port();
    }

    @Override
    public int managementPort() {
        return management.port();
    }

    @Override
    public Health health() {
        return harvester == null ? kafka.health() : kafka.health().and(harvester.health());
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
        management.close();
        if (harvester != null) {
            harvester.close();
        }
        kafka.close();
        ingest.close();
        stopped.countDown();
    }
}
