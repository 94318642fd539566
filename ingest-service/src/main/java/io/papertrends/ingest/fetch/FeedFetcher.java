package io.papertrends.ingest.fetch;

import io.papertrends.ingest.parse.Inputs;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Fetches feeds over HTTP(S) for the {@code arxiv-atom} and {@code oai-pmh} formats, politely:
 * at least {@code minInterval} between two requests (arXiv asks for 3 s), and a {@code 503} with
 * {@code Retry-After} (OAI-PMH flow control) waited out and retried a few times. Bodies are
 * streamed, never buffered whole; gzip is decoded.
 */
public final class FeedFetcher {
    /** Waits between requests; tests pass one that does not block. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private static final int MAX_RETRIES = 3;
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Duration minInterval;
    private final Pause pause;
    private long lastRequestNanos;
    private boolean first = true;

    /**
     * @param minInterval least time between the starts of two requests
     * @param pause       how to wait ({@code Thread::sleep} in production)
     */
    public FeedFetcher(HttpClient client, Duration requestTimeout, Duration minInterval, Pause pause) {
        this.client = Objects.requireNonNull(client);
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.minInterval = Objects.requireNonNull(minInterval);
        this.pause = Objects.requireNonNull(pause);
    }

    /** A fetcher with arXiv's etiquette: 3 s between requests, 60 s timeout, redirects followed. */
    public static FeedFetcher polite() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        return new FeedFetcher(client, Duration.ofSeconds(60), Duration.ofSeconds(3), d -> Thread.sleep(d.toMillis()));
    }

    /** Whether {@code location} names an HTTP(S) resource rather than a file. */
    public static boolean isUrl(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    /**
     * Opens the body of a {@code 200} answer to {@code GET uri}; the caller closes it.
     *
     * @throws IOException on a network failure, a non-200 answer (after retries for 503), or an interrupt
     */
    public synchronized InputStream open(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "papertrends-ingest (+https://github.com/papertrends)")
                .GET().build();
        try {
            for (int attempt = 0; ; attempt++) {
                keepInterval();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status == 200) {
                    InputStream body = response.body();
                    boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                    return Inputs.decompressIfGzip(gzip ? new GZIPInputStream(body, 1 << 16) : body);
                }
                response.body().close();
                Optional<Duration> retryAfter = retryAfter(response);
                if ((status == 503 || status == 429) && attempt < MAX_RETRIES && retryAfter.isPresent()) {
                    pause.pause(retryAfter.get());
                    continue;
                }
                throw new IOException("GET " + uri + " answered HTTP " + status + (retryAfter.isPresent() ? " (gave up after " + attempt + " retries)" : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }

    private void keepInterval() throws InterruptedException {
        long now = System.nanoTime();
        if (!first) {
            long waitNanos = minInterval.toNanos() - (now - lastRequestNanos);
            if (waitNanos > 0) {
                pause.pause(Duration.ofNanos(waitNanos));
            }
        }
        first = false;
        lastRequestNanos = System.nanoTime();
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_RETRY_AFTER.toSeconds()))));
            } catch (NumberFormatException e) {
                // An HTTP-date Retry-After is rare for feeds; wait the longest we allow rather than parse it.
                return Optional.of(MAX_RETRY_AFTER);
            }
        });
    }
}
