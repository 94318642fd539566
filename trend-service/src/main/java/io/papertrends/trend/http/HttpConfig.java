package io.papertrends.trend.http;

import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import io.papertrends.service.HttpApi;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the trend service's public HTTP server (the management server has its own,
 * {@code papertrends.management.*}).
 *
 * <ul>
 *   <li>{@code papertrends.http.host} (default 0.0.0.0), {@code papertrends.http.port} (default 8082)</li>
 *   <li>{@code papertrends.http.advertised}: {@code host:port} other instances reach this one at
 *       (Kafka Streams' {@code application.server}); default: the bind host, or this machine's
 *       name when binding all interfaces, and the port</li>
 *   <li>{@code papertrends.popularity.windows}: the window names the API accepts, read from the
 *       same setting as the popularity windows ({@code size:advance} pairs, default
 *       {@value #DEFAULT_WINDOWS})</li>
 *   <li>{@code papertrends.http.stream.max.clients}: concurrent {@code /api/stream} clients (default 100)</li>
 *   <li>{@code papertrends.http.stream.queue}: events buffered per client; a client that falls
 *       further behind is dropped (default 256)</li>
 *   <li>{@code papertrends.http.forward.timeout}: how long a query forwarded to another instance may take (default 5s)</li>
 *   <li>{@code papertrends.http.cors.origins}: comma-separated origins allowed to call the API from
 *       a browser; empty (the default) turns CORS off</li>
 *   <li>{@code papertrends.http.peer.secret}: the secret instances mark forwarded queries with
 *       (see {@link Peers}); unset: any mark is honoured</li>
 *   <li>{@code papertrends.http.public.url}: the base of links in feeds; unset: the request's own
 *       scheme and {@code Host}</li>
 *   <li>{@code papertrends.http.notify.url}: the notify service's public URL; the dashboard's
 *       subscribe form posts to its {@code /subscriptions}; unset: no form</li>
 * </ul>
 */
public record HttpConfig(String host, int port, String advertised, List<String> windows, int maxStreamClients, int streamQueue,
                         Duration forwardTimeout, List<String> corsOrigins, Peers peers, String subscribeUrl) {
    public static final String HOST = HttpApi.HOST;
    public static final String PORT = HttpApi.PORT;
    public static final String ADVERTISED = "papertrends.http.advertised";
    public static final String WINDOWS = WindowList.CONFIG;
    public static final String MAX_STREAM_CLIENTS = "papertrends.http.stream.max.clients";
    public static final String STREAM_QUEUE = "papertrends.http.stream.queue";
    public static final String FORWARD_TIMEOUT = "papertrends.http.forward.timeout";
    public static final String CORS_ORIGINS = "papertrends.http.cors.origins";
    public static final String PEER_SECRET = "papertrends.http.peer.secret";
    public static final String PUBLIC_URL = "papertrends.http.public.url";
    public static final String NOTIFY_URL = "papertrends.http.notify.url";
    /** Same default as the popularity windows of the enrich service. */
    public static final String DEFAULT_WINDOWS = WindowList.DEFAULTS;
    public static final int DEFAULT_PORT = 8082;

    public HttpConfig {
        windows = List.copyOf(windows);
        corsOrigins = List.copyOf(corsOrigins);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(WINDOWS + ": no windows configured");
        }
        java.util.Objects.requireNonNull(peers, "peers");
        if (maxStreamClients < 1 || streamQueue < 1) {
            throw new IllegalArgumentException(MAX_STREAM_CLIENTS + " and " + STREAM_QUEUE + " must be >= 1");
        }
    }

    public static HttpConfig from(Settings settings) {
        String host = settings.get(HOST, HttpApi.DEFAULT_HOST);
        int port = settings.getInt(PORT, DEFAULT_PORT);
        List<String> cors = new ArrayList<>();
        for (String origin : settings.get(CORS_ORIGINS, "").split(",")) {
            if (!origin.isBlank()) {
                cors.add(origin.trim());
            }
        }
        return new HttpConfig(host, port, settings.get(ADVERTISED, null), windowNames(settings.get(WINDOWS, DEFAULT_WINDOWS)),
                settings.getInt(MAX_STREAM_CLIENTS, 100), settings.getInt(STREAM_QUEUE, 256),
                settings.getDuration(FORWARD_TIMEOUT, "5s"), cors,
                new Peers(settings.get(PEER_SECRET).filter(v -> !v.isBlank()).orElse(null), publicUrl(settings.get(PUBLIC_URL, null))),
                Optional.ofNullable(url(NOTIFY_URL, settings.get(NOTIFY_URL, null))).map(u -> u + "/subscriptions").orElse(null));
    }

    /** An absolute http(s) URL without a trailing slash, or null. */
    static String publicUrl(String value) {
        return url(PUBLIC_URL, value);
    }

    /** The value of {@code key}: an absolute http(s) URL without a trailing slash, or null. */
    static String url(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        java.net.URI uri;
        try {
            uri = java.net.URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + v, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL without query, e.g. https://trends.example.org: " + v);
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** The names of {@code size:advance} window pairs, e.g. {@code 1h:5m,24h:1h} → {@code 1h, 24h}. */
    static List<String> windowNames(String text) {
        return WindowList.parse(text).stream().map(WindowList.Window::name).toList();
    }

    /** The {@code host:port} to advertise when bound to {@code boundPort}. */
    public String advertised(int boundPort) {
        if (advertised != null && !advertised.isBlank()) {
            return advertised.trim();
        }
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                h = "localhost";
            }
        }
        return h + ':' + boundPort;
    }

    /** The default window of the API: {@code 24h} when configured, else the first. */
    public String defaultWindow() {
        return windows.contains("24h") ? "24h" : windows.get(0);
    }
}
