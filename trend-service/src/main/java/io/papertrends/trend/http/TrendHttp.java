package io.papertrends.trend.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.Health;
import io.papertrends.topics.Topics;
import io.papertrends.trend.api.KeywordSuggestionsView;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.library.Library;
import io.papertrends.trend.library.LibraryConfig;
import io.papertrends.trend.library.LibraryFeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trend service's public HTTP server (DESIGN.md, "HTTP"): the query API, the live stream, the
 * Atom feeds and the dashboard ({@code /healthz} and {@code /metrics} are on the management
 * server, not here). When an {@link ApiAccess} is given it guards {@code /api/*} and
 * {@code /feeds/*} (the dashboard's page and assets stay open). Only {@code GET} requests without
 * a body are served, query strings are bounded, and every parameter is validated (400 with a
 * reason). CORS is off unless origins are configured.
 */
public final class TrendHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrendHttp.class);
    private static final String JSON = "application/json";
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Javalin app;
    private final LiveUpdates live;
    private final LibraryFeed library;
    private final AtomicReference<TrendReader> reader;

    private TrendHttp(Javalin app, LiveUpdates live, LibraryFeed library, AtomicReference<TrendReader> reader) {
        this.app = app;
        this.live = live;
        this.library = library;
        this.reader = reader;
    }

    /** An error answer; {@code suggestions} only with {@code UNKNOWN_KEYWORD}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String reasonCode, String reason, List<KeywordSuggestionsView.Suggestion> suggestions) { }

    /**
     * Starts serving: queries answer 503 until {@link #serve} is called (the port must be known
     * before Kafka Streams starts, as it is advertised to the other instances).
     *
     * @param kafka  Kafka client settings for the live stream's consumer
     * @param topK   the longest ranking kept: the largest {@code limit}
     * @param access API keys and rate limit of the API, or null: open and unlimited
     */
    public static TrendHttp start(HttpConfig config, int topK, Topics topics, Map<String, Object> kafka, ApiAccess access, String instance,
                                  LibraryConfig libraryConfig) {
        ObjectMapper json = new ObjectMapper();
        LiveUpdates live = new LiveUpdates(kafka, topics, json, config.maxStreamClients(), config.streamQueue(), instance);
        Library library = new Library(libraryConfig);
        LibraryFeed feed = new LibraryFeed(library, kafka, topics, instance);
        AtomicReference<TrendReader> reader = new AtomicReference<>();
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = 1;
            c.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(8 * 1024));
            if (!config.corsOrigins().isEmpty()) {
                c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    config.corsOrigins().forEach(rule::allowHost);
                }));
            }
        });
        Params params = new Params(config.windows(), config.defaultWindow(), topK);
        routing(app, params, reader::get, live, json, config.peers(), access, config.subscribeUrl(),
                new ReaderRoutes(params, reader::get, library, feed, json, config.peers(), config.subscribeUrl()));
        TrendHttp http = new TrendHttp(app, live, feed, reader);
        app.start(config.host(), config.port());
        live.start();
        feed.start();
        log.info("trend service HTTP on port {}", app.port());
        return http;
    }

    /** From now on queries are answered by {@code queries}. */
    public void serve(TrendReader queries) {
        reader.set(queries);
    }

    public int port() {
        return app.port();
    }

    /** The reader pages' library, for {@code /healthz}. */
    public Health libraryHealth() {
        return library.health();
    }

    /** The routes without the reader pages. */
    static Javalin routing(Javalin app, Params params, Supplier<TrendReader> reader, LiveUpdates live, ObjectMapper json, Peers peers,
                           ApiAccess access, String subscribeUrl) {
        return routing(app, params, reader, live, json, peers, access, subscribeUrl, null);
    }

    /** The routes; tests use exactly this wiring. {@code pages}: the reader pages, or null without them. */
    static Javalin routing(Javalin app, Params params, Supplier<TrendReader> reader, LiveUpdates live, ObjectMapper json, Peers peers,
                           ApiAccess access, String subscribeUrl, ReaderRoutes pages) {
        byte[] index = resource("dashboard/index.html");
        byte[] script = resource("dashboard/app.js");
        byte[] style = resource("dashboard/style.css");
        if (access != null) {
            app.before("/api/*", access);
            app.before("/feeds/*", access);
        }
        app.before(ctx -> {
            String query = ctx.queryString();
            if (query != null && query.length() > Params.MAX_QUERY_STRING) {
                throw new QueryException(414, "QUERY_TOO_LONG", "the query string must be at most " + Params.MAX_QUERY_STRING + " characters", 0);
            }
            if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) {
                throw new QueryException(413, "BODY_NOT_ACCEPTED", "this API takes no request body", 0);
            }
        });
        app.get("/api/trending", ctx -> {
            String window = params.window(ctx.queryParam("window"));
            Params.Scope scope = params.scope(ctx.queryParam("scope"));
            int limit = params.limit(ctx.queryParam("limit"));
            json(ctx, json, new Rankings(reader(reader), params.windows()).ranking(window, scope, limit, forwarded(ctx, peers)));
        });
        app.get("/api/keywords", ctx -> {
            String window = params.window(ctx.queryParam("window"));
            json(ctx, json, reader(reader).keywords(window, forwarded(ctx, peers)));
        });
        app.get("/api/keywords/suggestions", ctx -> {
            String query = params.keywordQuery(ctx.queryParam("q"));
            String window = params.windowFilter(ctx.queryParam("window"));
            int limit = params.suggestionLimit(ctx.queryParam("limit"));
            json(ctx, json, new KeywordSuggestionsView(query, window,
                    new Rankings(reader(reader), params.windows()).suggestions(query, window, limit, forwarded(ctx, peers))));
        });
        if (pages != null) {
            pages.register(app);
        } else {
            app.get("/api/papers/<id>", ctx -> {
                String id = Params.paperId(ctx.pathParam("id"));
                json(ctx, json, reader(reader).paper(id, forwarded(ctx, peers)));
            });
        }
        app.get("/api/stream", ctx -> stream(ctx, params, live));
        app.get("/feeds/trending.atom", ctx -> {
            String window = params.window(ctx.queryParam("window"));
            Params.Scope scope = params.scope(ctx.queryParam("scope"));
            TrendingView view = new Rankings(reader(reader), params.windows()).ranking(window, scope, params.limit(null), false);
            String base = peers.base(ctx.scheme(), ctx.host());
            String self = base + "/feeds/trending.atom?window=" + URLEncoder.encode(window, StandardCharsets.UTF_8)
                    + "&scope=" + URLEncoder.encode(view.scope(), StandardCharsets.UTF_8);
            ctx.contentType("application/atom+xml; charset=utf-8").result(AtomFeed.render(view, base, self, Instant.now()));
        });
        app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(index));
        app.get("/assets/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(script));
        app.get("/assets/style.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(style));
        // The dashboard's setup: the windows, and where its subscribe form posts (when notifications are configured).
        app.get("/api/windows", ctx -> json(ctx, json, subscribeUrl == null ? Map.of("windows", params.windows(), "now", params.nowWindow())
                : Map.of("windows", params.windows(), "now", params.nowWindow(), "subscribe", subscribeUrl)));
        app.exception(QueryException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            error(ctx, json, e.status(), new Error(e.reasonCode(), e.reason(), e.suggestions()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("failed to answer {} {}", ctx.method(), ctx.path(), e);
            error(ctx, json, 500, new Error("INTERNAL", "the trend service failed to answer; see its log", null));
        });
        return app;
    }

    private static TrendReader reader(Supplier<TrendReader> reader) {
        TrendReader r = reader.get();
        if (r == null) {
            throw QueryException.unavailable("the trend service is starting");
        }
        return r;
    }

    /** Whether a peer forwarded the request: then it is answered from local state only. */
    private static boolean forwarded(Context ctx, Peers peers) {
        return peers.forwarded(ctx.header(TrendReader.FORWARDED_HEADER));
    }

    private static void stream(Context ctx, Params params, LiveUpdates live) throws Exception {
        String window = params.windowFilter(ctx.queryParam("window"));
        Params.Scope scope = params.scopeFilter(ctx.queryParam("scope"));
        if (!"text/event-stream".equals(ctx.header("Accept"))) {
            throw new QueryException(406, "NOT_EVENT_STREAM", "this is a stream of server-sent events: send Accept: text/event-stream", 0);
        }
        LiveUpdates.Client client = live.connect(window, scope == null ? null : scope.names());
        if (client == null) {
            throw new QueryException(503, "TOO_MANY_CLIENTS", "too many stream clients; try again later", 30);
        }
        new SseHandler(sse -> pump(sse, client, live)).handle(ctx);
    }

    /** Runs on the server's async executor for as long as the client stays connected. */
    private static void pump(SseClient sse, LiveUpdates.Client client, LiveUpdates live) {
        sse.keepAlive();
        sse.onClose(() -> live.disconnect(client));
        try {
            sse.sendComment("connected");
            while (!sse.terminated() && !client.dropped()) {
                LiveUpdates.Event e = client.next(KEEP_ALIVE);
                if (e != null) {
                    sse.sendEvent(e.name(), e.json());
                } else if (!client.dropped()) {
                    sse.sendComment("keep-alive");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            live.disconnect(client);
            sse.close();
        }
    }

    private static void json(Context ctx, ObjectMapper json, Object value) throws IOException {
        ctx.contentType(JSON).result(json.writeValueAsString(value));
    }

    private static void error(Context ctx, ObjectMapper json, int status, Error body) {
        try {
            ctx.status(status).contentType(JSON).result(json.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = TrendHttp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        live.close();
        library.close();
        app.stop();
    }
}
