package io.papertrends.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream service's production entry point ({@code EnrichService.run}, {@code TrendService.run})
 * run on its own thread. It is healthy when its {@code /healthz} answers 200 (Kafka Streams
 * RUNNING); {@link #close} interrupts the thread, which makes {@code run} close its Kafka Streams
 * client and HTTP server, and waits for that.
 */
final class InProcessService {
    private static final Logger log = LoggerFactory.getLogger(InProcessService.class);

    /** A blocking service body that returns once its thread is interrupted. */
    interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final int port;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    InProcessService(String name, int port, Body body) {
        this.name = name;
        this.port = port;
        this.thread = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // close() asked us to stop; run() has closed the service on its way out.
            } catch (Throwable t) {
                failure.set(t);
                log.error("{} failed", name, t);
            }
        }, name);
    }

    InProcessService start() {
        thread.start();
        return this;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** Why the service stopped on its own, if it did. */
    java.util.Optional<Throwable> failure() {
        return java.util.Optional.ofNullable(failure.get());
    }

    /** Waits until {@code /healthz} answers 200; throws when the service failed or the time ran out. */
    void awaitHealthy(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            Throwable failed = failure.get();
            if (failed != null || !thread.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting"
                        + (failed == null ? "" : ": " + failed.getMessage()), failed);
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // The HTTP server starts after Kafka Streams; keep asking.
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(name + " not healthy on :" + port + " after " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Stops the service and waits for it, at most {@code timeout}. */
    boolean stop(Duration timeout) throws InterruptedException {
        thread.interrupt();
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            log.warn("{} did not stop within {} s", name, timeout.toSeconds());
            return false;
        }
        return true;
    }
}
