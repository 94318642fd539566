package io.papertrends.streams;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The operations endpoints of a stream service: {@code GET /healthz} (200 while the Kafka
 * Streams client is RUNNING or REBALANCING, 503 otherwise, with the state in the body) and
 * {@code GET /metrics} (Prometheus text format). Settings: {@code papertrends.http.host}
 * (default 0.0.0.0), {@code papertrends.http.port} (each service has its default).
 */
public final class OpsServer implements AutoCloseable {
    public static final String HOST = "papertrends.http.host";
    public static final String PORT = "papertrends.http.port";

    private final Javalin app;

    OpsServer(String host, int port, PrometheusMeterRegistry meters, Supplier<KafkaStreams.State> state) {
        app = routing(Javalin.create(config -> config.showJavalinBanner = false), meters, state);
        app.start(host, port);
    }

    /** Serves the endpoints of {@code streams}, binding its Kafka Streams metrics to {@code meters}. */
    public static OpsServer start(Settings settings, int defaultPort, PrometheusMeterRegistry meters, KafkaStreams streams) {
        new KafkaStreamsMetrics(streams).bindTo(meters);
        return new OpsServer(settings.get(HOST, "0.0.0.0"), settings.getInt(PORT, defaultPort), meters, streams::state);
    }

    /** Adds {@code /healthz} and {@code /metrics} to {@code app}: other servers of a service reuse exactly these routes. */
    public static Javalin routing(Javalin app, PrometheusMeterRegistry meters, Supplier<KafkaStreams.State> state) {
        app.get("/healthz", ctx -> {
            KafkaStreams.State now = state.get();
            boolean up = now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.REBALANCING;
            ctx.status(up ? 200 : 503).contentType("application/json")
                    .result("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + now + "\"}");
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
