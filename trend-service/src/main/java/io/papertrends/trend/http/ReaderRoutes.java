package io.papertrends.trend.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.keywords.KeywordNormalizer;
import io.papertrends.trend.api.PaperView;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.library.Library;
import io.papertrends.trend.library.LibraryFeed;
import io.papertrends.trend.library.PaperDoc;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reader pages and their JSON (DESIGN.md, "HTTP"): a paper ({@code /papers/{id}},
 * {@code /api/papers/{id}}), a day's papers ({@code /daily/{date}}), search ({@code /search})
 * and a topic ({@code /topics/{phrase}}), with Atom feeds of the lists. The rankings' part of a
 * paper comes from the streams' state (forwarded to the instance that holds it); the rest from
 * this instance's {@link Library}, which every instance builds from the topics alike.
 */
final class ReaderRoutes {
    private static final int SIMILAR = 5;
    private static final int DAILY = 100;
    private static final int HITS = 20;
    private static final int TOPIC = 30;

    private final Params params;
    private final Supplier<TrendReader> reader;
    private final Library library;
    private final LibraryFeed feed;
    private final ObjectMapper json;
    private final Peers peers;
    private final String subscribeUrl;

    ReaderRoutes(Params params, Supplier<TrendReader> reader, Library library, LibraryFeed feed, ObjectMapper json, Peers peers, String subscribeUrl) {
        this.params = params;
        this.reader = reader;
        this.library = library;
        this.feed = feed;
        this.json = json;
        this.peers = peers;
        this.subscribeUrl = subscribeUrl;
    }

    void register(Javalin app) {
        app.get("/api/papers/<id>", ctx -> json(ctx, paperJson(Params.paperId(ctx.pathParam("id")), ctx)));
        app.get("/papers/<id>", ctx -> html(ctx, () -> {
            String id = Params.paperId(ctx.pathParam("id"));
            PaperDoc paper = library.paper(id).orElseThrow(() -> new QueryException(404, "UNKNOWN_PAPER", "no paper " + id + " is known", 0));
            return ReaderPages.paper(paperPage(paper, activity(id, ctx, true)));
        }));
        app.get("/api/daily/{date}", ctx -> json(ctx, dailyJson(ctx, date(ctx.pathParam("date")))));
        app.get("/api/daily", ctx -> json(ctx, dailyJson(ctx, library.today())));
        app.get("/daily", ctx -> ctx.redirect("/daily/" + library.today()));
        app.get("/daily/{date}", ctx -> html(ctx, () -> {
            LocalDate day = date(ctx.pathParam("date"));
            return ReaderPages.daily(day, library.today(), library.daily(day, Params.listLimit(ctx.queryParam("limit"), DAILY)), loading());
        }));
        app.get("/feeds/daily.atom", ctx -> {
            LocalDate day = Params.date("date", ctx.queryParam("date"), library.today(), library.today());
            List<PaperDoc> papers = library.daily(day, DAILY).stream().map(Library.DayEntry::paper).toList();
            String base = peers.base(ctx.scheme(), ctx.host());
            atom(ctx, AtomFeed.papers("urn:papertrends:daily:" + day, "Papers of " + day + ", most read first", papers, base,
                    base + "/feeds/daily.atom?date=" + day, base + "/daily/" + day, Instant.now()));
        });
        app.get("/api/search", ctx -> {
            Search s = search(ctx);
            json(ctx, Map.of("query", s.q, "total", s.results.total(), "hits", s.results.hits()));
        });
        app.get("/search", ctx -> html(ctx, () -> {
            if (ctx.queryParam("q") == null || ctx.queryParam("q").isBlank()) {
                return ReaderPages.search(null, null, null, null, null, null, loading());
            }
            Search s = search(ctx);
            return ReaderPages.search(s.q, s.category, s.from, s.to, s.results, "/feeds/search.atom?" + ctx.queryString(), loading());
        }));
        app.get("/feeds/search.atom", ctx -> {
            Search s = search(ctx);
            String base = peers.base(ctx.scheme(), ctx.host());
            String query = "q=" + Html.encode(s.q) + (s.category == null ? "" : "&category=" + Html.encode(s.category))
                    + (s.from == null ? "" : "&from=" + s.from) + (s.to == null ? "" : "&to=" + s.to);
            atom(ctx, AtomFeed.papers("urn:papertrends:search:" + Html.encode(query), "Papers matching " + s.q,
                    s.results.hits().stream().map(Library.Hit::paper).toList(), base, base + "/feeds/search.atom?" + query, base + "/search?" + query,
                    Instant.now()));
        });
        app.get("/api/topics/<phrase>", ctx -> json(ctx, topic(ctx)));
        app.get("/topics/<phrase>", ctx -> html(ctx, () -> ReaderPages.topic(topic(ctx), subscribeUrl, loading())));
    }

    private boolean loading() {
        return !feed.caughtUp();
    }

    private LocalDate date(String value) {
        return Params.date("date", value, library.today(), library.today());
    }

    private Map<String, Object> dailyJson(Context ctx, LocalDate day) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", day.toString());
        out.put("zone", library.config().zone().getId());
        out.put("previous", day.minusDays(1).toString());
        out.put("next", day.isBefore(library.today()) ? day.plusDays(1).toString() : null);
        out.put("complete", !loading());
        out.put("entries", library.daily(day, Params.listLimit(ctx.queryParam("limit"), DAILY)));
        return out;
    }

    private record Search(String q, String category, LocalDate from, LocalDate to, Library.Results results) { }

    private Search search(Context ctx) {
        String q = Params.search(ctx.queryParam("q"));
        String category = Params.category(ctx.queryParam("category"));
        LocalDate today = library.today();
        LocalDate from = Params.date("from", ctx.queryParam("from"), today, null);
        LocalDate to = Params.date("to", ctx.queryParam("to"), today, null);
        if (from != null && to != null && from.isAfter(to)) {
            throw QueryException.badRequest("BAD_DATE", "from must not be after to");
        }
        return new Search(q, category, from, to, library.search(q, category, from, to, Params.listLimit(ctx.queryParam("limit"), HITS)));
    }

    private Library.Topic topic(Context ctx) {
        String given = Params.topic(ctx.pathParam("phrase"));
        int limit = Params.listLimit(ctx.queryParam("limit"), TOPIC);
        Optional<Library.Topic> topic = library.topic(given, params.windows(), limit);
        if (topic.isEmpty()) {
            String normalized = KeywordNormalizer.normalize(given);
            topic = normalized.isEmpty() ? Optional.empty() : library.topic(normalized, params.windows(), limit);
        }
        return topic.orElseThrow(() -> new QueryException(404, "UNKNOWN_TOPIC", "no paper has the keyphrase '" + given + "'", 0));
    }

    /**
     * The streams' view of the paper (forwarded to its owner), or null when they do not know it.
     * When they cannot answer now (starting, rebalancing) the page shows what the library knows
     * ({@code page}), while the API answers 503 as the rankings do, so that a client never takes
     * an answer without the activity for a complete one.
     */
    private PaperView activity(String id, Context ctx, boolean page) {
        TrendReader r = reader.get();
        if (r == null) {
            if (page) {
                return null;
            }
            throw QueryException.unavailable("the trend service is starting");
        }
        try {
            return r.paper(id, peers.forwarded(ctx.header(TrendReader.FORWARDED_HEADER)));
        } catch (QueryException e) {
            if (e.status() == 404 || page && e.status() == 503) {
                return null;
            }
            throw e;
        }
    }

    private ReaderPages.PaperPage paperPage(PaperDoc paper, PaperView activity) {
        String id = paper.id();
        Map<String, String> why = new LinkedHashMap<>();
        Map<String, List<Library.RankPoint>> ranks = new LinkedHashMap<>();
        for (String w : params.windows()) {
            TrendingEntry entry = library.entry(w, id).orElse(null);
            PaperView.Window window = activity == null ? null : activity.windows().stream().filter(x -> x.window().equals(w)).findFirst().orElse(null);
            why.put(w, Why.explain(w, entry, window));
            ranks.put(w, library.rankHistory(id, w));
        }
        return new ReaderPages.PaperPage(paper, activity, why, ranks, library.similar(id, SIMILAR), subscribeUrl);
    }

    /**
     * The streams' answer (title, keyphrases, scopes, activity per window), completed with what
     * the library knows: the paper, where it stands, why, its rank history and similar papers. A
     * forwarded query gets the streams' part only: the asking instance adds the rest itself.
     */
    private Object paperJson(String id, Context ctx) {
        PaperView activity = activity(id, ctx, false);
        if (peers.forwarded(ctx.header(TrendReader.FORWARDED_HEADER))) {
            if (activity == null) {
                throw new QueryException(404, "UNKNOWN_PAPER", "no paper " + id + " is known to the trend service", 0);
            }
            return activity;
        }
        Optional<PaperDoc> paper = library.paper(id);
        if (activity == null && paper.isEmpty()) {
            throw new QueryException(404, "UNKNOWN_PAPER", "no paper " + id + " is known to the trend service", 0);
        }
        ObjectNode node = activity != null ? json.valueToTree(activity) : json.createObjectNode().put("id", id);
        if (paper.isPresent()) {
            ReaderPages.PaperPage page = paperPage(paper.get(), activity);
            if (activity == null) {
                node.put("title", paper.get().title());
            }
            node.put("label", paper.get().label());
            node.putPOJO("paper", paper.get());
            node.putPOJO("standings", library.standings(id));
            node.putPOJO("why", page.why());
            node.putPOJO("rankHistory", page.ranks());
            node.putPOJO("similar", page.similar());
        }
        return node;
    }

    private interface Page {
        String render() throws IOException;
    }

    /** An HTML page; a failed request gets the page of its reason with its status. */
    private static void html(Context ctx, Page page) throws IOException {
        ctx.contentType("text/html; charset=utf-8");
        try {
            ctx.result(page.render());
        } catch (QueryException e) {
            ctx.status(e.status()).result(ReaderPages.error(e.status(), e.reason()));
        }
    }

    private void json(Context ctx, Object value) throws IOException {
        ctx.contentType("application/json").result(json.writeValueAsString(value));
    }

    private static void atom(Context ctx, String xml) {
        ctx.contentType("application/atom+xml; charset=utf-8").result(xml);
    }
}
