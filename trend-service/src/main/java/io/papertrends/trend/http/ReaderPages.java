package io.papertrends.trend.http;

import io.papertrends.trend.api.PaperView;
import io.papertrends.trend.library.Counts;
import io.papertrends.trend.library.Library;
import io.papertrends.trend.library.PaperDoc;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reader pages as HTML: a paper, a day's papers, search results and a topic. Every text
 * is escaped ({@link Html}); the pages load nothing from elsewhere and need no script.
 */
final class ReaderPages {
    private ReaderPages() { }

    /** What the paper page shows besides the paper itself. */
    record PaperPage(PaperDoc paper, PaperView activity, Map<String, String> why, Map<String, List<Library.RankPoint>> ranks,
                     List<Library.Similar> similar, String subscribeUrl) { }

    static String paper(PaperPage page) {
        PaperDoc p = page.paper();
        Html h = head(p.title(), null);
        h.raw("<article class=\"paper\">");
        h.element("h1", null, p.title());
        h.raw("<p class=\"byline\">");
        if (p.label() != null) {
            h.element("span", "label", p.label()).raw(" · ");
        }
        h.text(String.join(", ", p.authors()));
        h.raw("</p><p class=\"dates\">");
        if (p.published() != null) {
            h.text("Published " + day(p.published()));
        }
        if (p.updated() != null && !p.updated().equals(p.published())) {
            h.text(" · updated " + day(p.updated()));
        }
        h.text((p.published() != null ? " · " : "") + "first seen " + day(p.firstSeen()));
        for (String c : p.categories()) {
            h.raw(" ").link("/?scope=" + Html.encode("category:" + c), "cat", c);
        }
        h.raw("</p><p class=\"links\">");
        if (web(p.url())) {
            h.link(p.url(), "ext", "Abstract page").raw(" ");
        }
        if (web(p.pdf())) {
            h.link(p.pdf(), "ext", "PDF").raw(" ");
        }
        for (PaperDoc.Link l : p.codeLinks()) {
            if (web(l.url())) {
                h.link(l.url(), "ext code", "Code (" + l.kind() + "): " + shortUrl(l.url())).raw(" ");
            }
        }
        h.raw("</p>");
        keyphrases(h, p);
        if (!page.why().isEmpty()) {
            h.raw("<section class=\"why\"><h2>Why it is trending</h2><ul>");
            page.why().forEach((w, text) -> h.raw("<li><b>").text(w).raw("</b> ").text(text).raw("</li>"));
            h.raw("</ul></section>");
        }
        h.raw("<section class=\"abstract\"><h2>Abstract</h2><p>").text(p.abstractText()).raw("</p></section>");
        if (page.activity() != null && !page.activity().windows().isEmpty()) {
            h.raw("<section class=\"activity\"><h2>Reader activity</h2><div class=\"charts\">");
            for (PaperView.Window w : page.activity().windows()) {
                List<Double> values = new ArrayList<>();
                w.history().forEach(pt -> values.add(pt.score()));
                values.add(w.observed());
                h.raw("<figure><figcaption>").text("Last " + w.window() + ": " + w.events() + " events, " + w.readers() + " readers").raw("</figcaption>");
                bars(h, values, "Engagement of its last " + (values.size() - 1) + " closed " + w.window() + " windows and the current one");
                h.raw("</figure>");
            }
            h.raw("</div></section>");
        }
        boolean anyRank = page.ranks().values().stream().anyMatch(l -> !l.isEmpty());
        if (anyRank) {
            h.raw("<section class=\"ranks\"><h2>Rank over time</h2><div class=\"charts\">");
            page.ranks().forEach((w, points) -> {
                if (!points.isEmpty()) {
                    h.raw("<figure><figcaption>").text("Among all papers, last " + w).raw("</figcaption>");
                    rankLine(h, points);
                    h.raw("</figure>");
                }
            });
            h.raw("</div></section>");
        }
        h.raw("<section class=\"similar\"><h2>Similar papers</h2>");
        if (page.similar().isEmpty()) {
            h.raw("<p class=\"empty\">No similar paper yet.</p>");
        } else {
            h.raw("<ol class=\"list\">");
            for (Library.Similar s : page.similar()) {
                h.raw("<li>");
                paperLink(h, s.paper());
                if (!s.shared().isEmpty()) {
                    h.raw("<div class=\"meta\">shares ");
                    s.shared().forEach(k -> h.element("span", "kp", k));
                    h.raw("</div>");
                }
                h.raw("</li>");
            }
            h.raw("</ol>");
        }
        h.raw("</section></article>");
        return foot(h);
    }

    static String daily(LocalDate date, LocalDate today, List<Library.DayEntry> entries, boolean loading) {
        String title = "Papers of " + date;
        Html h = head(title, "/feeds/daily.atom?date=" + date);
        h.raw("<section class=\"day\"><h1>").text(date.equals(today) ? "Today's papers, " + date : title).raw("</h1><nav class=\"pager\">");
        h.link("/daily/" + date.minusDays(1), "prev", "← " + date.minusDays(1));
        if (date.isBefore(today)) {
            h.raw(" ").link("/daily/" + date.plusDays(1), "next", date.plusDays(1) + " →");
        }
        h.raw(" ").link("/feeds/daily.atom?date=" + date, "feed", "Atom feed").raw("</nav>");
        h.raw("<p class=\"hint\">Papers published or first seen that day, ranked by their readers' engagement that day.</p>");
        loading(h, loading);
        if (entries.isEmpty()) {
            h.raw("<p class=\"empty\">No paper of that day is known.</p>");
        } else {
            h.raw("<table class=\"board daily\"><thead><tr><th class=\"rank\">#</th><th>Paper</th><th class=\"num\">Views</th>"
                    + "<th class=\"num wide\">Downloads</th><th class=\"num wide\">Upvotes</th><th class=\"num wide\">Bookmarks</th>"
                    + "<th class=\"num wide\">Shares</th><th class=\"num\">Engagement</th></tr></thead><tbody>");
            for (Library.DayEntry e : entries) {
                Counts c = e.counts();
                h.raw("<tr data-paper-id=\"").text(e.paper().id()).raw("\"><td class=\"rank\">").text(e.rank()).raw("</td><td>");
                paperLink(h, e.paper());
                h.raw("</td>");
                h.raw("<td class=\"num\">").text(c.views()).raw("</td>");
                for (long n : new long[] {c.downloads(), c.upvotes(), c.bookmarks(), c.shares()}) {
                    h.raw("<td class=\"num wide\">").text(n).raw("</td>");
                }
                h.raw("<td class=\"num\">").text(String.format(Locale.ROOT, "%.1f", c.score())).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        return foot(h);
    }

    static String search(String q, String category, LocalDate from, LocalDate to, Library.Results results, String feed, boolean loading) {
        Html h = head(q == null ? "Search" : "Search: " + q, feed);
        h.raw("<section class=\"search\"><h1>Search</h1><form class=\"search-form\" action=\"/search\" method=\"get\" role=\"search\">");
        h.raw("<input type=\"search\" name=\"q\" maxlength=\"").text(Params.MAX_SEARCH).raw("\" placeholder=\"words, a phrase, an author\" aria-label=\"Search\" value=\"")
                .text(q == null ? "" : q).raw("\">");
        h.raw("<input name=\"category\" maxlength=\"64\" placeholder=\"category (cs.CL)\" aria-label=\"Category\" value=\"").text(category == null ? "" : category).raw("\">");
        h.raw("<input type=\"date\" name=\"from\" aria-label=\"From\" value=\"").text(from == null ? "" : from.toString()).raw("\">");
        h.raw("<input type=\"date\" name=\"to\" aria-label=\"To\" value=\"").text(to == null ? "" : to.toString()).raw("\">");
        h.raw("<button type=\"submit\">Search</button></form>");
        loading(h, loading);
        if (results != null) {
            h.raw("<p class=\"hint\">").text(results.total() + (results.total() == 1 ? " paper" : " papers"));
            if (feed != null) {
                h.raw(" · ").link(feed, "feed", "Atom feed");
            }
            h.raw("</p><ol class=\"list hits\">");
            for (Library.Hit hit : results.hits()) {
                h.raw("<li>");
                paperLink(h, hit.paper());
                h.raw("<p class=\"snippet\">").text(snippet(hit.paper().abstractText())).raw("</p>");
                standings(h, hit.standings());
                h.raw("</li>");
            }
            h.raw("</ol>");
        }
        h.raw("</section>");
        return foot(h);
    }

    static String topic(Library.Topic topic, String subscribeUrl, boolean loading) {
        String name = topic.display() != null ? topic.display() : topic.normalized();
        String scope = "keyword:" + topic.normalized();
        Html h = head(name, "/feeds/trending.atom?scope=" + Html.encode(scope));
        h.raw("<section class=\"topic\"><h1>").text(name).raw("</h1><p class=\"hint\">").text(topic.papers() + (topic.papers() == 1 ? " paper" : " papers"));
        h.raw(" · ").link("/?scope=" + Html.encode(scope), null, "trending now");
        h.raw(" · ").link("/feeds/trending.atom?scope=" + Html.encode(scope), "feed", "Atom feed").raw("</p>");
        if (subscribeUrl != null) {
            h.raw("<form class=\"subscribe\" method=\"post\" target=\"_blank\" action=\"").text(subscribeUrl).raw("\">");
            h.raw("<span>Daily digest of ").text(name).raw(" by e-mail</span>");
            h.raw("<input type=\"hidden\" name=\"scope\" value=\"").text(scope).raw("\"><input type=\"hidden\" name=\"display\" value=\"").text(name).raw("\">");
            h.raw("<input type=\"hidden\" name=\"zone\" value=\"UTC\"><input type=\"email\" name=\"email\" required maxlength=\"254\" placeholder=\"you@example.org\" aria-label=\"E-mail address\">");
            h.raw("<input type=\"time\" name=\"time\" value=\"08:00\" aria-label=\"Time of the daily digest\"><button type=\"submit\">Subscribe</button></form>");
        }
        loading(h, loading);
        boolean anyRank = topic.history().values().stream().anyMatch(l -> !l.isEmpty());
        if (anyRank) {
            h.raw("<section class=\"ranks\"><h2>Among trending topics</h2><div class=\"charts\">");
            topic.history().forEach((w, points) -> {
                if (!points.isEmpty()) {
                    h.raw("<figure><figcaption>").text("Last " + w).raw("</figcaption>");
                    rankLine(h, points);
                    h.raw("</figure>");
                }
            });
            h.raw("</div></section>");
        }
        h.raw("<section><h2>Its papers, most read first</h2><ol class=\"list\">");
        for (Library.Hit hit : topic.top()) {
            h.raw("<li>");
            paperLink(h, hit.paper());
            standings(h, hit.standings());
            h.raw("</li>");
        }
        h.raw("</ol></section>");
        if (!topic.related().isEmpty()) {
            h.raw("<section class=\"related\"><h2>Related topics</h2><p class=\"chips\">");
            for (Library.Related r : topic.related()) {
                h.link("/topics/" + Html.encode(r.normalized()), "chip", r.phrase() + " (" + r.papers() + ")").raw(" ");
            }
            h.raw("</p></section>");
        }
        h.raw("</section>");
        return foot(h);
    }

    /** A page for a failed request: the status's reason, in the site's frame. */
    static String error(int status, String reason) {
        Html h = head(status == 404 ? "Not found" : "Error", null);
        h.raw("<section><h1>").text(status == 404 ? "Not found" : "Something went wrong").raw("</h1><p class=\"error\">").text(reason).raw("</p></section>");
        return foot(h);
    }

    private static void paperLink(Html h, PaperDoc p) {
        h.link("/papers/" + Html.encode(p.id()), "title", p.title());
        h.raw("<div class=\"meta\">");
        if (p.label() != null) {
            h.element("span", "id", p.label());
        }
        if (!p.authors().isEmpty()) {
            h.element("span", "authors", p.authors().size() > 3 ? String.join(", ", p.authors().subList(0, 3)) + " et al." : String.join(", ", p.authors()));
        }
        p.keyphrases().stream().limit(4).forEach(k -> h.link("/topics/" + Html.encode(k.normalized()), "kp", k.phrase()));
        h.raw("</div>");
    }

    private static void keyphrases(Html h, PaperDoc p) {
        if (p.keyphrases().isEmpty()) {
            return;
        }
        h.raw("<p class=\"chips\">");
        for (PaperDoc.Phrase k : p.keyphrases()) {
            h.link("/topics/" + Html.encode(k.normalized()), "chip", k.phrase()).raw(" ");
        }
        h.raw("</p>");
    }

    private static void standings(Html h, List<Library.Standing> standings) {
        if (standings.isEmpty()) {
            return;
        }
        h.raw("<div class=\"standing\">trending ");
        for (Library.Standing s : standings) {
            h.element("span", "rank-chip", "#" + s.rank() + " in " + s.window());
        }
        h.raw("</div>");
    }

    private static void loading(Html h, boolean loading) {
        if (loading) {
            h.raw("<p class=\"hint loading\">Still reading the topics since this instance started: the list may be incomplete.</p>");
        }
    }

    /** Bars of {@code values}, the last (the current window) highlighted. */
    private static void bars(Html h, List<Double> values, String label) {
        int w = 240;
        int height = 48;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double step = (double) w / Math.max(1, values.size());
        h.raw("<svg class=\"chart\" viewBox=\"0 0 " + w + " " + height + "\" role=\"img\" aria-label=\"").text(label).raw("\"><title>").text(label).raw("</title>");
        for (int i = 0; i < values.size(); i++) {
            double v = max <= 0 ? 0 : values.get(i) / max * (height - 2);
            h.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"%s/>", i * step + 1, height - v,
                    Math.max(1, step - 2), v, i == values.size() - 1 ? " class=\"now\"" : ""));
        }
        h.raw("</svg>");
    }

    /** Rank over time, rank 1 at the top; points out of the ranking sit on the bottom line. */
    private static void rankLine(Html h, List<Library.RankPoint> points) {
        int w = 240;
        int height = 60;
        int worst = points.stream().mapToInt(Library.RankPoint::rank).max().orElse(1);
        double step = points.size() < 2 ? 0 : (double) (w - 8) / (points.size() - 1);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            int rank = points.get(i).rank();
            double y = rank == 0 ? height - 4 : 4 + (rank - 1) * (height - 12.0) / Math.max(1, worst);
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", 4 + i * step, y));
        }
        Library.RankPoint last = points.get(points.size() - 1);
        String label = "Rank over time, now " + (last.rank() == 0 ? "out of the ranking" : "#" + last.rank()) + ", best #"
                + points.stream().mapToInt(Library.RankPoint::rank).filter(r -> r > 0).min().orElse(0);
        h.raw("<svg class=\"chart rankline\" viewBox=\"0 0 " + w + " " + height + "\" role=\"img\" aria-label=\"").text(label).raw("\"><title>")
                .text(label).raw("</title><polyline points=\"").raw(line.toString().trim()).raw("\"/>");
        for (String xy : line.toString().trim().split(" ")) {
            String[] c = xy.split(",");
            h.raw("<circle cx=\"" + c[0] + "\" cy=\"" + c[1] + "\" r=\"2.5\"/>");
        }
        h.raw("</svg><div class=\"hint\">").text(label).raw("</div>");
    }

    private static Html head(String title, String feed) {
        Html h = new Html();
        h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .text(title).raw(" · Paper Trends</title><link rel=\"stylesheet\" href=\"/assets/style.css\">");
        if (feed != null) {
            h.raw("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"").text(feed).raw("\">");
        }
        h.raw("</head><body class=\"reader\"><header><div class=\"brand\"><a class=\"home\" href=\"/\">Paper Trends</a></div>"
                + "<nav class=\"site\"><a href=\"/\">Trending</a><a href=\"/daily\">Today</a>"
                + "<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" maxlength=\"200\" placeholder=\"Search papers\" aria-label=\"Search papers\"></form>"
                + "</nav></header><main>");
        return h;
    }

    private static String foot(Html h) {
        return h.raw("</main></body></html>").toString();
    }

    private static String day(String iso) {
        return iso.length() >= 10 ? iso.substring(0, 10) : iso;
    }

    /** Only web addresses become links: a source's {@code javascript:} or {@code data:} URL is not followed. */
    static boolean web(String url) {
        if (url == null) {
            return false;
        }
        String u = url.strip().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://");
    }

    private static String shortUrl(String url) {
        return url.replaceFirst("^https?://(www\\.)?", "");
    }

    private static String snippet(String text) {
        return text.length() <= 280 ? text : text.substring(0, text.lastIndexOf(' ', 280) > 200 ? text.lastIndexOf(' ', 280) : 280) + " …";
    }
}
