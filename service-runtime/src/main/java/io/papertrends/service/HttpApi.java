package io.papertrends.service;

/**
 * Settings of a service's public HTTP API (ingest's writes, trend's queries and dashboard), the
 * same keys for every service that has one: {@value #HOST} (default 0.0.0.0) and {@value #PORT}
 * (ingest 8080, trend 8082, notify 8084). Health and metrics are not served there but by the
 * {@link ManagementServer} on its own port.
 */
public final class HttpApi {
    public static final String HOST = "papertrends.http.host";
    public static final String PORT = "papertrends.http.port";
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Comma-separated origins allowed to call the API from a browser (CORS); empty, the default: none. */
    public static final String CORS_ORIGINS = "papertrends.http.cors.origins";

    /** The origins of {@value #CORS_ORIGINS}. */
    public static java.util.List<String> corsOrigins(io.papertrends.config.Settings settings) {
        return java.util.Arrays.stream(settings.get(CORS_ORIGINS, "").split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
    }

    private HttpApi() { }
}
