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
        return polite(Duration.ofSeconds(3));
    }

    /** As {@link #polite()}, with {@code minInterval} between two requests. */
    public static FeedFetcher polite(Duration minInterval) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        return new FeedFetcher(client, Duration.ofSeconds(60), minInterval, d -> Thread.sleep(d.toMillis()));
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
    public InputStream open(URI uri) throws IOException {
        return get(uri, null, null).body();
    }

    /**
     * The answer to a conditional GET: {@code body} is null when the server answered
     * {@code 304 Not Modified}; otherwise the caller closes it.
     *
     * @param etag         the validators the server gave with this answer (or null), to send next time
     * @param lastModified as {@code etag}, for {@code Last-Modified}
     */
    public record Answer(InputStream body, String etag, String lastModified) {
        public boolean notModified() {
            return body == null;
        }
    }

    /**
     * {@code GET uri} with {@code If-None-Match: etag} and {@code If-Modified-Since: lastModified}
     * when given, so a feed that has not changed costs neither side a body.
     *
     * @throws IOException as {@link #open}
     */
    public Answer openIfChanged(URI uri, String etag, String lastModified) throws IOException {
        return get(uri, etag, lastModified);
    }

    private synchronized Answer get(URI uri, String etag, String lastModified) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "papertrends-ingest (+https://github.com/papertrends)")
                .GET();
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            builder.header("If-Modified-Since", lastModified);
        }
        HttpRequest request = builder.build();
        boolean conditional = etag != null || lastModified != null;
        try {
            for (int attempt = 0; ; attempt++) {
                keepInterval();
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                String newEtag = response.headers().firstValue("ETag").orElse(null);
                String newLastModified = response.headers().firstValue("Last-Modified").orElse(null);
                if (status == 200) {
                    InputStream body = response.body();
                    boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                    return new Answer(Inputs.decompressIfGzip(gzip ? new GZIPInputStream(body, 1 << 16) : body), newEtag, newLastModified);
                }
                response.body().close();
                if (status == 304 && conditional) {
                    // A 304 may omit the validators; the ones sent still hold.
                    return new Answer(null, newEtag != null ? newEtag : etag, newLastModified != null ? newLastModified : lastModified);
                }
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
