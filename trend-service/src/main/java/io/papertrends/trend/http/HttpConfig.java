package io.papertrends.trend.http;

import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import io.papertrends.service.ManagementServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the trend service's HTTP server.
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
 * </ul>
 */
public record HttpConfig(String host, int port, String advertised, List<String> windows, int maxStreamClients, int streamQueue,
                         Duration forwardTimeout, List<String> corsOrigins) {
    public static final String HOST = ManagementServer.HOST;
    public static final String PORT = ManagementServer.PORT;
    public static final String ADVERTISED = "papertrends.http.advertised";
    public static final String WINDOWS = WindowList.CONFIG;
    public static final String MAX_STREAM_CLIENTS = "papertrends.http.stream.max.clients";
    public static final String STREAM_QUEUE = "papertrends.http.stream.queue";
    public static final String FORWARD_TIMEOUT = "papertrends.http.forward.timeout";
    public static final String CORS_ORIGINS = "papertrends.http.cors.origins";
    /** Same default as the popularity windows of the enrich service. */
    public static final String DEFAULT_WINDOWS = WindowList.DEFAULTS;
    public static final int DEFAULT_PORT = 8082;

    public HttpConfig {
        windows = List.copyOf(windows);
        corsOrigins = List.copyOf(corsOrigins);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(WINDOWS + ": no windows configured");
        }
        if (maxStreamClients < 1 || streamQueue < 1) {
            throw new IllegalArgumentException(MAX_STREAM_CLIENTS + " and " + STREAM_QUEUE + " must be >= 1");
        }
    }

    public static HttpConfig from(Settings settings) {
        String host = settings.get(HOST, "0.0.0.0");
        int port = settings.getInt(PORT, DEFAULT_PORT);
        List<String> cors = new ArrayList<>();
        for (String origin : settings.get(CORS_ORIGINS, "").split(",")) {
            if (!origin.isBlank()) {
                cors.add(origin.trim());
            }
        }
        return new HttpConfig(host, port, settings.get(ADVERTISED, null), windowNames(settings.get(WINDOWS, DEFAULT_WINDOWS)),
                settings.getInt(MAX_STREAM_CLIENTS, 100), settings.getInt(STREAM_QUEUE, 256),
                settings.getDuration(FORWARD_TIMEOUT, "5s"), cors);
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
