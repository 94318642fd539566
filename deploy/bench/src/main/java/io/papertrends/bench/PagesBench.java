package io.papertrends.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency of the trend service's reader pages on the data it holds (a running demo): each kind of
 * page asked for {@code rounds} times, one request at a time after a warm-up, over papers, words
 * and topics taken from its own answers; p50, p99 and max per kind, and each p99 against a route
 * that does no work ({@code /api/windows}), the server's floor in the same run.
 */
public final class PagesBench {
    private final String base;
    private final int rounds;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @param base e.g. {@code http://localhost:8082} */
    public PagesBench(String base, int rounds) {
        this.base = base.replaceAll("/+$", "");
        this.rounds = rounds;
    }

    /** Measures and prints the table; returns the p99 in milliseconds per kind of page. */
    public Map<String, Double> run(PrintStream out) throws Exception {
        JsonNode daily = get("/api/daily?limit=200");
        List<String> ids = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        for (JsonNode e : daily.path("entries")) {
            JsonNode paper = e.path("paper");
            ids.add(paper.path("id").asText());
            String[] title = paper.path("title").asText().split("\\s+");
            words.add(String.join(" ", Arrays.asList(title).subList(0, Math.min(3, title.length))));
            paper.path("keyphrases").forEach(k -> topics.add(k.path("normalized").asText()));
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("the trend service at " + base + " lists no paper today: run ./papertrends demo first");
        }
        String day = daily.path("date").asText();
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("floor: /api/windows", repeat("/api/windows"));
        pages.put("/api/trending (24h)", repeat("/api/trending?window=24h"));
        pages.put("/papers/{id}", paths("/papers/", ids));
        pages.put("/api/papers/{id}", paths("/api/papers/", ids));
        pages.put("/daily/{date}", repeat("/daily/" + day));
        pages.put("/search?q=", paths("/search?q=", words));
        pages.put("/topics/{phrase}", paths("/topics/", topics));
        Map<String, Double> p99 = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "reader pages at %s: %d papers today, %d requests per kind, one at a time%n", base, ids.size(), rounds);
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %12s%n", "page", "p50 ms", "p99 ms", "max ms", "p99/floor");
        double floor = 0;
        for (Map.Entry<String, List<String>> page : pages.entrySet()) {
            double[] ms = measure(page.getValue());
            double q99 = quantile(ms, 0.99);
            if (floor == 0) {
                floor = Math.max(q99, 0.001);
            }
            p99.put(page.getKey(), q99);
            out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %11.1f×%n", page.getKey(), quantile(ms, 0.5), q99, ms[ms.length - 1], q99 / floor);
        }
        return p99;
    }

    private List<String> repeat(String path) {
        return List.of(path);
    }

    private static List<String> paths(String prefix, List<String> values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(prefix + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return out;
    }

    private double[] measure(List<String> paths) throws Exception {
        for (int i = 0; i < Math.max(20, rounds / 10); i++) {
            send(paths.get(i % paths.size()));
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            send(paths.get(i % paths.size()));
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private void send(String path) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
