package io.papertrends.notify.deliver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.papertrends.notify.subscribe.AddressPolicy;
import io.papertrends.notify.subscribe.InvalidRequest;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts a notification's JSON to a webhook, signed:
 * {@code X-PaperTrends-Timestamp} (epoch seconds) and
 * {@code X-PaperTrends-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; the
 * receiver recomputes it with the secret it was given when subscribing and rejects old
 * timestamps. {@code Idempotency-Key} is the same whenever the same notification is sent again.
 * Redirects are not followed; the target is checked against the address policy before each send.
 * Any answer but 2xx, and any connection failure, is retried by the caller.
 */
public final class WebhookSender {
    public static final String TIMESTAMP = "X-PaperTrends-Timestamp";
    public static final String SIGNATURE = "X-PaperTrends-Signature";
    public static final String EVENT = "X-PaperTrends-Event";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AddressPolicy policy;
    private final MeterRegistry meters;

    public WebhookSender(AddressPolicy policy, MeterRegistry meters) {
        this.policy = policy;
        this.meters = meters;
        for (String outcome : new String[] {"2xx", "4xx", "5xx", "error"}) {
            latency(outcome);
        }
    }

    private Timer latency(String outcome) {
        return Timer.builder("papertrends.notify.webhook.latency").description("Time webhooks take to answer, by outcome")
                .tag("outcome", outcome).publishPercentileHistogram().register(meters);
    }

    public Outcome send(String url, String secret, Message message, String json, Instant now) {
        URI uri = URI.create(url);
        try {
            policy.checkTarget(uri);
        } catch (UnknownHostException e) {
            return Outcome.retry("webhook host does not resolve: " + uri.getHost());
        } catch (InvalidRequest e) {
            return Outcome.permanent(e.getMessage());
        }
        String timestamp = Long.toString(now.getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "PaperTrends-Webhooks/1")
                .header(EVENT, message.kind())
                .header(IDEMPOTENCY_KEY, message.id())
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "v1=" + sign(secret, timestamp, json))
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        long start = System.nanoTime();
        String outcome = "error";
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            outcome = Integer.toString(status / 100) + "xx";
            if (status >= 200 && status < 300) {
                return Outcome.sent();
            }
            return Outcome.retry("webhook answered " + status);
        } catch (IOException e) {
            return Outcome.retry("webhook unreachable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted");
        } finally {
            latency(outcome).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
