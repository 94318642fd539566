package io.papertrends.stack.junit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A schema registry that can be switched off and on, for outage tests: an HTTP proxy on a port of
 * its own in front of the stack's registry. {@link #stop()} closes the port (clients get
 * "connection refused", as from a registry that is down); {@link #start()} opens the same port again.
 */
public final class RegistryProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("Content-Type", "Accept", "Authorization");

    private final String target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private HttpServer server;

    /** A proxy to {@code registryUrl}, started. */
    public RegistryProxy(String registryUrl) {
        this.target = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        this.server = open(0);
        this.port = server.getAddress().getPort();
    }

    /** The URL clients use. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The registry answers again (on the same port). */
    public synchronized void start() {
        if (server == null) {
            server = open(port);
        }
    }

    /** The registry is unreachable: connections to its port are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private HttpServer open(int onPort) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 16);
            s.createContext("/", this::forward);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the registry proxy on port " + onPort, e);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
