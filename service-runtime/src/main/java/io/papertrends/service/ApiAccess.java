package io.papertrends.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.config.Settings;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Who may call a service's public API, as a Javalin before-handler: the API key
 * ({@link ApiKeys}) when one is required, then the rate limit ({@link RateLimiter}) per key, or per
 * client address when no key is required. A key comes as {@code Authorization: Bearer KEY} or
 * {@code X-Api-Key: KEY}.
 *
 * <ul>
 *   <li>no key, or one that matches none: {@code 401} with {@code WWW-Authenticate: Bearer
 *       realm="papertrends"} and {@code {"reasonCode": "MISSING_API_KEY" | "BAD_API_KEY", "reason"}};</li>
 *   <li>over the limit: {@code 429} with {@code Retry-After} (seconds, rounded up) and
 *       {@code {"reasonCode": "RATE_LIMITED", "reason"}}.</li>
 * </ul>
 *
 * Each refusal counts in {@value #REFUSED}, tagged {@code reason} ({@code missing_key},
 * {@code bad_key}, {@code rate_limited}). Requests the service trusts (a peer's forwarded query)
 * pass unchecked. A key is never logged nor echoed.
 */
public final class ApiAccess implements Handler {
    /** The refusals counter. */
    public static final String REFUSED = "papertrends.http.refused";
    /** The request attribute holding the name of the key a request came with. */
    public static final String KEY_NAME = "papertrends.api.key";
    public static final String API_KEY_HEADER = "X-Api-Key";
    static final String CHALLENGE = "Bearer realm=\"papertrends\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys;
    private final boolean required;
    private final RateLimiter limiter;
    private final Predicate<Context> trusted;
    private final Counter missingKey;
    private final Counter badKey;
    private final Counter rateLimited;

    /**
     * @param required whether every request needs one of {@code keys}
     * @param trusted  requests that pass without a key or limit (e.g. a peer's forwarded query)
     */
    public ApiAccess(ApiKeys keys, boolean required, RateLimiter limiter, MeterRegistry meters, Predicate<Context> trusted) {
        if (required && keys.isEmpty()) {
            throw new IllegalArgumentException(ApiKeys.REQUIRED + "=true but " + ApiKeys.KEYS + " is empty: configure a key "
                    + "(./papertrends api-key NAME prints one)");
        }
        this.keys = keys;
        this.required = required;
        this.limiter = limiter;
        this.trusted = trusted;
        this.missingKey = refused(meters, "missing_key");
        this.badKey = refused(meters, "bad_key");
        this.rateLimited = refused(meters, "rate_limited");
    }

    /**
     * From the settings {@value ApiKeys#KEYS}, {@value ApiKeys#REQUIRED} ({@code requiredByDefault}
     * when not set), {@value RateLimiter#RATE} and {@value RateLimiter#BURST}.
     */
    public static ApiAccess from(Settings settings, boolean requiredByDefault, MeterRegistry meters, Predicate<Context> trusted) {
        ApiKeys keys = ApiKeys.from(settings);
        return new ApiAccess(keys, settings.getBoolean(ApiKeys.REQUIRED, requiredByDefault), RateLimiter.from(settings), meters, trusted);
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder(REFUSED).description("Requests to the public API refused, by reason").tag("reason", reason).register(meters);
    }

    /** Whether every request needs a key. */
    public boolean required() {
        return required;
    }

    public ApiKeys keys() {
        return keys;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        if (trusted.test(ctx)) {
            return;
        }
        String client;
        if (required) {
            String key = presentedKey(ctx);
            if (key == null) {
                missingKey.increment();
                unauthorized(ctx, "MISSING_API_KEY", "this endpoint needs an API key: send it as Authorization: Bearer <key> or "
                        + API_KEY_HEADER + ": <key>");
                return;
            }
            String name = keys.match(key).orElse(null);
            if (name == null) {
                badKey.increment();
                unauthorized(ctx, "BAD_API_KEY", "the API key is not valid");
                return;
            }
            ctx.attribute(KEY_NAME, name);
            client = "key " + name;
        } else {
            client = "address " + ctx.ip();
        }
        long wait = limiter.acquire(client);
        if (wait > 0) {
            rateLimited.increment();
            ctx.header("Retry-After", Long.toString(wait));
            refuse(ctx, 429, "RATE_LIMITED", "over the limit of " + number(limiter.perSecond()) + " requests per second (bursts of "
                    + number(limiter.burst()) + ") for this " + (required ? "API key" : "client address") + "; retry after " + wait + " s");
        }
    }

    /** The key of {@code Authorization: Bearer …}, else of {@code X-Api-Key}, else null. */
    static String presentedKey(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String a = authorization.trim();
            if (a.length() > 7 && a.substring(0, 7).equalsIgnoreCase("Bearer ")) {
                String key = a.substring(7).trim();
                if (!key.isEmpty()) {
                    return key;
                }
            }
        }
        String header = ctx.header(API_KEY_HEADER);
        return header == null || header.isBlank() ? null : header.trim();
    }

    private static void unauthorized(Context ctx, String code, String reason) throws Exception {
        ctx.header("WWW-Authenticate", CHALLENGE);
        refuse(ctx, 401, code, reason);
    }

    private static void refuse(Context ctx, int status, String code, String reason) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("reasonCode", code).put("reason", reason);
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        ctx.skipRemainingHandlers();
    }

    private static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ApiAccess[required=" + required + ", keys=" + keys.names() + ", rate=" + number(limiter.perSecond()) + "/s]";
    }
}
