package io.papertrends.notify;

import io.papertrends.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The notify service's settings.
 * <ul>
 *   <li>{@code papertrends.notify.secret} (required, 16 characters or more): the key that signs
 *       confirmation and unsubscribe links; the same on every instance.</li>
 *   <li>{@code papertrends.http.public.url}: the base of links in mails (confirm, unsubscribe);
 *       default {@code http://localhost:<port>}.</li>
 *   <li>{@code papertrends.notify.smtp.host} / {@code .port} / {@code .security}
 *       ({@code none}, {@code starttls}, {@code tls}) / {@code .user} / {@code .password} /
 *       {@code .timeout}; {@code papertrends.notify.mail.from}.</li>
 *   <li>{@code papertrends.notify.partitions} (6): partitions of the per-subscriber topic, which
 *       bounds how many instances share the sending; fixed once the service has run.</li>
 *   <li>{@code papertrends.notify.check.interval} (30s): how often each task looks for digests
 *       due and alerts to send; {@code papertrends.notify.alert.interval} (1h): at most one alert
 *       mail per subscriber per interval; {@code papertrends.notify.alert.max.age} (48h): papers
 *       published (or first seen) longer ago raise no alert.</li>
 *   <li>{@code papertrends.notify.webhook.attempts} (8), {@code .retry.initial} (1m),
 *       {@code .retry.max} (1h): webhook retries, doubling, before a dead letter;
 *       {@code papertrends.notify.webhooks.allow.private} (false): allow webhooks to loopback
 *       and private-network addresses.</li>
 * </ul>
 */
public record NotifyConfig(byte[] secret, String publicUrl, Smtp smtp, String from, int partitions, Duration checkInterval,
                           Duration alertInterval, Duration alertMaxAge, int webhookAttempts, Duration retryInitial, Duration retryMax,
                           boolean allowPrivateWebhooks, Duration sendBudget) {
    public static final String SECRET = "papertrends.notify.secret";
    public static final String PUBLIC_URL = "papertrends.http.public.url";
    public static final String SMTP_HOST = "papertrends.notify.smtp.host";
    public static final String SMTP_PORT = "papertrends.notify.smtp.port";
    public static final String SMTP_SECURITY = "papertrends.notify.smtp.security";
    public static final String SMTP_USER = "papertrends.notify.smtp.user";
    public static final String SMTP_PASSWORD = "papertrends.notify.smtp.password";
    public static final String SMTP_TIMEOUT = "papertrends.notify.smtp.timeout";
    public static final String FROM = "papertrends.notify.mail.from";
    public static final String PARTITIONS = "papertrends.notify.partitions";
    public static final String CHECK_INTERVAL = "papertrends.notify.check.interval";
    public static final String ALERT_INTERVAL = "papertrends.notify.alert.interval";
    public static final String ALERT_MAX_AGE = "papertrends.notify.alert.max.age";
    public static final String WEBHOOK_ATTEMPTS = "papertrends.notify.webhook.attempts";
    public static final String RETRY_INITIAL = "papertrends.notify.retry.initial";
    public static final String RETRY_MAX = "papertrends.notify.retry.max";
    public static final String ALLOW_PRIVATE = "papertrends.notify.webhooks.allow.private";

    /** How SMTP connections are secured. */
    public enum Security { NONE, STARTTLS, TLS }

    /** The SMTP server mails are handed to. */
    public record Smtp(String host, int port, Security security, String user, String password, Duration timeout) {
        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", " + security + (user == null ? "" : ", user " + user) + "]";
        }
    }

    public static NotifyConfig from(Settings settings, int httpPort) {
        String secret = settings.get(SECRET).filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(SECRET + " is required: the key that signs confirm and unsubscribe links (16 characters or more, the same on every instance)"));
        if (secret.length() < 16) {
            throw new IllegalArgumentException(SECRET + " must be 16 characters or more");
        }
        Security security;
        try {
            security = Security.valueOf(settings.get(SMTP_SECURITY, "none").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SMTP_SECURITY + " must be none, starttls or tls", e);
        }
        Smtp smtp = new Smtp(settings.get(SMTP_HOST, "localhost"), settings.getInt(SMTP_PORT, security == Security.TLS ? 465 : 25), security,
                settings.get(SMTP_USER).filter(s -> !s.isBlank()).orElse(null), settings.get(SMTP_PASSWORD).orElse(null),
                settings.getDuration(SMTP_TIMEOUT, "10s"));
        int partitions = settings.getInt(PARTITIONS, 6);
        if (partitions < 1 || partitions > 1000) {
            throw new IllegalArgumentException(PARTITIONS + " must be 1-1000");
        }
        int attempts = settings.getInt(WEBHOOK_ATTEMPTS, 8);
        if (attempts < 1) {
            throw new IllegalArgumentException(WEBHOOK_ATTEMPTS + " must be 1 or more");
        }
        Duration check = settings.getDuration(CHECK_INTERVAL, "30s");
        return new NotifyConfig(secret.getBytes(StandardCharsets.UTF_8), publicUrl(settings.get(PUBLIC_URL, "http://localhost:" + httpPort)),
                smtp, settings.get(FROM, "Paper Trends <trends@localhost>"), partitions, check,
                settings.getDuration(ALERT_INTERVAL, "1h"), settings.getDuration(ALERT_MAX_AGE, "48h"), attempts,
                settings.getDuration(RETRY_INITIAL, "1m"), settings.getDuration(RETRY_MAX, "1h"), settings.getBoolean(ALLOW_PRIVATE, false),
                check.dividedBy(2).compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : check.dividedBy(2).plusSeconds(1));
    }

    private static String publicUrl(String v) {
        try {
            URI uri = new URI(v);
            if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getQuery() != null) {
                throw new IllegalArgumentException(PUBLIC_URL + " must be an absolute http(s) URL without query: " + v);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PUBLIC_URL + " is not a URL: " + v, e);
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    @Override
    public String toString() {
        return "NotifyConfig[" + publicUrl + ", " + smtp + ", from " + from + ", partitions " + partitions + "]";
    }
}
