package io.papertrends.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management server every service runs, apart from its public API: {@code GET /healthz}
 * (200 while the service is up, 503 with the reason otherwise; JSON) and {@code GET /metrics}
 * (Prometheus text format), and any admin endpoint to come. It has a port of its own so that it
 * can be bound where only probes and the metrics scraper reach it, and so that the public ports
 * never show it.
 *
 * <p>Settings, the same keys for every service: {@value #HOST} (default {@value #DEFAULT_HOST}:
 * loopback only) and {@value #PORT} (each service has its default: ingest 9180, trend 9182,
 * enrich 9183). A container platform whose probes and scraper come from outside the container
 * sets the host to {@code 0.0.0.0} and keeps the port off its public services.
 */
public final class ManagementServer implements AutoCloseable {
    public static final String HOST = "papertrends.management.host";
    public static final String PORT = "papertrends.management.port";
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;

    private ManagementServer(Javalin app) {
        this.app = app;
    }

    /** Serves the endpoints on {@value #HOST}:{@value #PORT} ({@code defaultPort} when not set). */
    public static ManagementServer start(Settings settings, int defaultPort, PrometheusMeterRegistry meters, Supplier<Health> health) {
        Javalin app = routing(Javalin.create(config -> config.showJavalinBanner = false), meters, health);
        String host = settings.get(HOST, DEFAULT_HOST);
        app.start(host, settings.getInt(PORT, defaultPort));
        log.info("management server (/healthz, /metrics) on {}:{}", host, app.port());
        return new ManagementServer(app);
    }

    /** The routes; tests use exactly this wiring. */
    static Javalin routing(Javalin app, PrometheusMeterRegistry meters, Supplier<Health> health) {
        app.get("/healthz", ctx -> {
            Health now = health.get();
            ctx.status(now.up() ? 200 : 503).contentType("application/json").result(JSON.writeValueAsString(now.body()));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        return app;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
