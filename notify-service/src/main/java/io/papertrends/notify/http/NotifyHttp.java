package io.papertrends.notify.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.papertrends.avro.Channel;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import io.papertrends.notify.subscribe.AddressPolicy;
import io.papertrends.notify.subscribe.InvalidRequest;
import io.papertrends.notify.subscribe.LinkTokens;
import io.papertrends.notify.subscribe.SubscriptionRequest;
import io.papertrends.service.ApiAccess;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify service's HTTP API:
 * <ul>
 *   <li>{@code POST /subscriptions}: the same from an HTML form (the dashboard's), answered with a page.</li>
 *   <li>{@code POST /api/subscriptions} (JSON, at most 16 KiB; see {@link SubscriptionRequest}) →
 *       201 with the subscription; a webhook's signing secret is in this answer only. An e-mail
 *       subscription is PENDING until the link of its confirmation mail is opened.</li>
 *   <li>{@code GET} / {@code DELETE /api/subscriptions/{id}}: the id is the capability (128
 *       random bits), as in the links of every mail.</li>
 *   <li>{@code GET /subscriptions/confirm?token=…}: confirms (double opt-in).</li>
 *   <li>{@code GET /subscriptions/unsubscribe?token=…}: a page with one button;
 *       {@code POST} to the same URL unsubscribes at once (RFC 8058 one-click, as mail clients
 *       send it from {@code List-Unsubscribe-Post}). A GET alone changes nothing, so link
 *       scanners cannot unsubscribe anyone.</li>
 * </ul>
 * {@code /healthz} and {@code /metrics} are on the management port. Subscriptions are read from the instance's copy of the {@code subscriptions} topic, so any
 * instance answers; a new or changed subscription is visible there within about a second.
 */
public final class NotifyHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyHttp.class);
    public static final int MAX_BODY = 16 * 1024;

    private final Javalin app;

    private NotifyHttp(Javalin app) {
        this.app = app;
    }

    /** Where subscriptions are read and written. */
    public interface Store {
        /** The subscription, or empty; throws {@link Unavailable} while the service cannot read. */
        Optional<Subscription> get(String id);

        /** Writes it (or deletes the id when {@code value} is null) and returns once the broker has it. */
        void put(String id, Subscription value);
    }

    /** The service cannot answer now (starting, broker unreachable): 503 with Retry-After. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * Serves on {@code host:port}; {@code access} guards {@code /api/*} (API keys when configured,
     * the rate limit per key or client address), while the links in mails stay open; browsers on
     * {@code corsOrigins} may call the API (CORS).
     */
    public static NotifyHttp start(String host, int port, Store store, AddressPolicy policy, LinkTokens tokens, ApiAccess access,
                                   List<String> corsOrigins) {
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            c.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(8 * 1024));
            if (!corsOrigins.isEmpty()) {
                // The dashboard's subscribe form posts here from the trend service's origin.
                c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> corsOrigins.forEach(rule::allowHost)));
            }
        });
        app.before("/api/*", access);
        routing(app, store, policy, tokens, new ObjectMapper());
        app.start(host, port);
        log.info("notify service HTTP on port {}", app.port());
        return new NotifyHttp(app);
    }

    static void routing(Javalin app, Store store, AddressPolicy policy, LinkTokens tokens, ObjectMapper json) {
        app.before("/api/*", ctx -> {
            if (ctx.contentLength() > MAX_BODY) {
                throw new InvalidRequest("BODY_TOO_LARGE", "the body must be at most " + MAX_BODY + " bytes");
            }
        });
        app.post("/api/subscriptions", ctx -> {
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new InvalidRequest("NOT_JSON", "send the subscription as application/json");
            }
            JsonNode body;
            try {
                body = json.readTree(ctx.bodyAsBytes());
            } catch (JsonProcessingException e) {
                throw new InvalidRequest("BAD_JSON", "the body is not JSON: " + e.getOriginalMessage());
            }
            Subscription s = SubscriptionRequest.parse(body, policy, Instant.now());
            store.put(s.getId(), s);
            Map<String, Object> answer = view(s);
            if (s.getChannel() == Channel.WEBHOOK) {
                answer.put("secret", s.getSecret());
                answer.put("note", "Keep the secret: payloads are signed with it (X-PaperTrends-Signature) and it is not shown again.");
            } else {
                answer.put("note", "A confirmation mail is on its way to " + s.getAddress() + "; nothing else is sent until its link is opened.");
            }
            ctx.status(201).header("Location", "/api/subscriptions/" + s.getId());
            json(ctx, json, answer);
        });
        app.post("/subscriptions", ctx -> form(ctx, store, policy, json));
        app.get("/api/subscriptions/{id}", ctx -> json(ctx, json, view(find(store, ctx.pathParam("id")))));
        app.delete("/api/subscriptions/{id}", ctx -> {
            Subscription s = find(store, ctx.pathParam("id"));
            store.put(s.getId(), null);
            ctx.status(204);
        });
        app.get("/subscriptions/confirm", ctx -> {
            Optional<String> id = tokens.verify(LinkTokens.CONFIRM, ctx.queryParam("token"));
            Optional<Subscription> s = id.flatMap(store::get);
            if (s.isEmpty()) {
                page(ctx, 404, "Link not valid", "This confirmation link is not valid, or the subscription was deleted.", null);
                return;
            }
            Subscription sub = s.get();
            if (sub.getStatus() != SubscriptionStatus.CONFIRMED) {
                store.put(sub.getId(), Subscription.newBuilder(sub).setStatus(SubscriptionStatus.CONFIRMED).setConfirmedAt(Instant.now()).build());
            }
            page(ctx, 200, "Subscription confirmed", "You will receive what you subscribed to at " + sub.getAddress()
                    + ". Every mail has a link to unsubscribe.", null);
        });
        app.get("/subscriptions/unsubscribe", ctx -> {
            Optional<String> id = tokens.verify(LinkTokens.UNSUBSCRIBE, ctx.queryParam("token"));
            if (id.isEmpty() || store.get(id.get()).isEmpty()) {
                page(ctx, 404, "Nothing to unsubscribe", "This link is not valid, or you are already unsubscribed.", null);
                return;
            }
            page(ctx, 200, "Unsubscribe", "Stop all Paper Trends mails to " + store.get(id.get()).get().getAddress() + "?",
                    "/subscriptions/unsubscribe?token=" + ctx.queryParam("token"));
        });
        app.post("/subscriptions/unsubscribe", ctx -> {
            Optional<String> id = tokens.verify(LinkTokens.UNSUBSCRIBE, ctx.queryParam("token"));
            if (id.isEmpty()) {
                page(ctx, 404, "Nothing to unsubscribe", "This link is not valid.", null);
                return;
            }
            if (store.get(id.get()).isPresent()) {
                store.put(id.get(), null);
            }
            page(ctx, 200, "Unsubscribed", "You will receive no more mails from this subscription.", null);
        });
        app.exception(InvalidRequest.class, (e, ctx) -> error(ctx, json, 400, e.reasonCode(), e.getMessage()));
        app.exception(NotFound.class, (e, ctx) -> error(ctx, json, 404, "NOT_FOUND", e.getMessage()));
        app.exception(Unavailable.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            error(ctx, json, 503, "UNAVAILABLE", e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("failed to answer {} {}", ctx.method(), ctx.path(), e);
            error(ctx, json, 500, "INTERNAL", "the notify service failed to answer; see its log");
        });
    }

    /**
     * The dashboard's subscribe form ({@code application/x-www-form-urlencoded}: {@code email},
     * {@code scope} as the rankings name it, {@code display} as the page shows it, {@code time},
     * {@code zone}, {@code alerts}): the same request and checks as the JSON API, answered with a
     * page, so it works without JavaScript and across origins.
     */
    private static void form(Context ctx, Store store, AddressPolicy policy, ObjectMapper json) {
        com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode();
        try {
            String email = ctx.formParam("email");
            String scope = ctx.formParam("scope") == null ? "global" : ctx.formParam("scope");
            String display = ctx.formParam("display");
            body.put("email", email == null ? "" : email);
            if (scope.startsWith("keyword:")) {
                body.putArray("keywords").add(display == null || display.isBlank() ? scope.substring("keyword:".length()) : display);
            } else if (scope.startsWith("category:")) {
                body.putArray("categories").add(scope.substring("category:".length()));
            } else if (!scope.equals("global")) {
                throw new InvalidRequest("BAD_SCOPE", "scope must be global, keyword:<phrase> or category:<name>");
            }
            if (ctx.formParam("time") != null && !ctx.formParam("time").isBlank()) {
                body.put("time", ctx.formParam("time"));
            }
            if (ctx.formParam("zone") != null && !ctx.formParam("zone").isBlank()) {
                body.put("zone", ctx.formParam("zone"));
            }
            body.put("alerts", "on".equals(ctx.formParam("alerts")) && !scope.equals("global"));
            Subscription s = SubscriptionRequest.parse(body, policy, Instant.now());
            store.put(s.getId(), s);
            page(ctx, 200, "Check your inbox", "A confirmation mail is on its way to " + s.getAddress()
                    + ": nothing else is sent until you open its link. Your subscription's id is " + s.getId() + ".", null);
        } catch (InvalidRequest e) {
            page(ctx, 400, "Not subscribed", e.getMessage(), null);
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String reason) {
            super(reason);
        }
    }

    private static Subscription find(Store store, String id) {
        if (!SubscriptionRequest.isId(id)) {
            throw new InvalidRequest("BAD_ID", "a subscription id is 22 characters of A-Z, a-z, 0-9, - and _");
        }
        return store.get(id).orElseThrow(() -> new NotFound("no subscription " + id));
    }

    /** A subscription as the API shows it: never its webhook secret. */
    static Map<String, Object> view(Subscription s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.getId());
        out.put("channel", s.getChannel().name().toLowerCase(java.util.Locale.ROOT));
        out.put(s.getChannel() == Channel.EMAIL ? "email" : "webhook", s.getAddress());
        out.put("status", s.getStatus().name().toLowerCase(java.util.Locale.ROOT));
        Function<FollowedScope, Map<String, String>> scope = f -> Map.of("scope", f.getScope(), "display", f.getDisplay());
        out.put("scopes", s.getScopes().stream().map(scope).toList());
        out.put("authors", List.copyOf(s.getAuthors()));
        out.put("digest", s.getDigest().name().toLowerCase(java.util.Locale.ROOT));
        out.put("time", s.getDigestTime());
        out.put("zone", s.getZone());
        if (s.getDigestDay() != null) {
            out.put("day", s.getDigestDay().toLowerCase(java.util.Locale.ROOT));
        }
        out.put("alerts", s.getAlerts());
        out.put("maxPapers", s.getMaxPapers());
        out.put("createdAt", s.getCreatedAt().toString());
        if (s.getConfirmedAt() != null) {
            out.put("confirmedAt", s.getConfirmedAt().toString());
        }
        return out;
    }

    private static void json(Context ctx, ObjectMapper json, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(json.writeValueAsString(body));
    }

    private static void error(Context ctx, ObjectMapper json, int status, String code, String reason) {
        ctx.status(status).contentType("application/json");
        try {
            ctx.result(json.writeValueAsString(Map.of("error", code, "reason", reason == null ? "" : reason)));
        } catch (JsonProcessingException e) {
            ctx.result("{\"error\":\"" + code + "\"}");
        }
    }

    private static final Mustache PAGE = new DefaultMustacheFactory("templates").compile("page.html.mustache");

    /** A small HTML page (confirm, unsubscribe); every field escaped by the template. */
    private static void page(Context ctx, int status, String title, String text, String postTo) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("title", title, "text", text));
        if (postTo != null) {
            fields.put("postTo", postTo);
        }
        StringWriter out = new StringWriter();
        PAGE.execute(out, fields);
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .result(out.toString());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
