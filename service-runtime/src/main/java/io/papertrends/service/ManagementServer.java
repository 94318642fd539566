package io.papertrends.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import java.util.function.Supplier;

/**
 * The management endpoints every service serves: {@code GET /healthz} (200 while the service is
 * up, 503 with the reason otherwise; JSON) and {@code GET /metrics} (Prometheus text format).
 *
 * <p>Settings, the same keys for every service: {@value #HOST} (default 0.0.0.0) and
 * {@value #PORT} (each service has its default). A service with an HTTP API of its own adds
 * these routes to its server with {@link #routing}; the others start this one.
 */
public final class ManagementServer implements AutoCloseable {
    public static final String HOST = "papertrends.http.host";
    public static final String PORT = "papertrends.http.port";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;

    private ManagementServer(Javalin app) {
        this.app = app;
    }

    /** Serves the endpoints on {@value #HOST}:{@value #PORT} ({@code defaultPort} when not set). */
    public static ManagementServer start(Settings settings, int defaultPort, PrometheusMeterRegistry meters, Supplier<Health> health) {
        Javalin app = routing(Javalin.create(config -> config.showJavalinBanner = false), meters, health);
        app.start(settings.get(HOST, "0.0.0.0"), settings.getInt(PORT, defaultPort));
        return new ManagementServer(app);
    }

    /** Adds {@code /healthz} and {@code /metrics} to {@code app}: a service's own server reuses exactly these routes. */
    public static Javalin routing(Javalin app, PrometheusMeterRegistry meters, Supplier<Health> health) {
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
