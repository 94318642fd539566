package io.papertrends.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The before-handler in front of a real server: 401 and 429 with their headers and reasons, counted; what passes reaches the route. */
class ApiAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger served = new AtomicInteger();
    private final String key = ApiKeys.newKey(new SecureRandom());
    private Javalin app;

    private void start(ApiAccess access) {
        app = Javalin.create(c -> c.showJavalinBanner = false);
        app.before("/write", access);
        app.post("/write", ctx -> {
            served.incrementAndGet();
            ctx.status(202).result(String.valueOf(ctx.<String>attribute(ApiAccess.KEY_NAME)));
        });
        app.get("/open", ctx -> ctx.result("open"));
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private HttpResponse<String> post(String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/write"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double refused(String reason) {
        var counter = meters.find(ApiAccess.REFUSED).tag("reason", reason).counter();
        return counter == null ? -1 : counter.count();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void shouldAnswer401WithoutAValidKeyAndLetAValidOneThrough() throws Exception {
        String wrong = ApiKeys.newKey(new SecureRandom());
        start(new ApiAccess(ApiKeys.parse(ApiKeys.entry("crawler", key)), true, new RateLimiter(0, 0, 10, now::get), meters, ctx -> false));

        HttpResponse<String> missing = post();
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"papertrends\"");
        assertThat(json(missing).path("reasonCode").asText()).isEqualTo("MISSING_API_KEY");
        assertThat(json(missing).path("reason").asText()).contains("Authorization: Bearer", "X-Api-Key");

        for (String[] headers : new String[][] {{"Authorization", "Bearer " + wrong}, {"X-Api-Key", wrong}}) {
            HttpResponse<String> bad = post(headers);
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"papertrends\"");
            assertThat(json(bad).path("reasonCode").asText()).isEqualTo("BAD_API_KEY");
            assertThat(bad.body()).as("the key is never echoed").doesNotContain(wrong);
        }
        assertThat(post("Authorization", "Basic " + key).statusCode()).as("not a bearer key").isEqualTo(401);
        assertThat(served).as("refused requests never reach the route").hasValue(0);

        HttpResponse<String> bearer = post("Authorization", "bearer " + key);
        assertThat(bearer.statusCode()).isEqualTo(202);
        assertThat(bearer.body()).as("the key's name, for the route").isEqualTo("crawler");
        assertThat(post("X-Api-Key", key).statusCode()).isEqualTo(202);
        assertThat(served).hasValue(2);
        assertThat(refused("missing_key")).isEqualTo(2);
        assertThat(refused("bad_key")).isEqualTo(2);
        assertThat(refused("rate_limited")).isZero();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/open")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a route without the handler").isEqualTo(200);
    }

    @Test
    void shouldAnswer429WithRetryAfterOverTheLimitOfAKey() throws Exception {
        String other = ApiKeys.newKey(new SecureRandom());
        start(new ApiAccess(ApiKeys.parse(ApiKeys.entry("a", key) + "," + ApiKeys.entry("b", other)), true,
                new RateLimiter(0.5, 2, 10, now::get), meters, ctx -> false));
        assertThat(post("X-Api-Key", key).statusCode()).isEqualTo(202);
        assertThat(post("X-Api-Key", key).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = post("X-Api-Key", key);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).as("a token every 2 s").hasValue("2");
        assertThat(json(limited).path("reasonCode").asText()).isEqualTo("RATE_LIMITED");
        assertThat(json(limited).path("reason").asText()).contains("0.5 requests per second", "API key", "retry after 2 s")
                .doesNotContain(key);
        assertThat(post("X-Api-Key", other).statusCode()).as("each key has its own bucket").isEqualTo(202);
        now.addAndGet(2_000_000_000L);
        assertThat(post("X-Api-Key", key).statusCode()).isEqualTo(202);
        assertThat(refused("rate_limited")).isEqualTo(1);
        assertThat(served).hasValue(4);
    }

    @Test
    void shouldLimitByAddressWhenNoKeyIsRequiredAndLetTrustedRequestsThrough() throws Exception {
        start(new ApiAccess(ApiKeys.parse(""), false, new RateLimiter(1, 1, 10, now::get), meters,
                ctx -> "peer".equals(ctx.header("X-Peer"))));
        assertThat(post().statusCode()).isEqualTo(202);
        HttpResponse<String> limited = post();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(limited).path("reason").asText()).contains("client address");
        assertThat(post("X-Peer", "peer").statusCode()).as("trusted: neither key nor limit").isEqualTo(202);
        assertThat(refused("rate_limited")).isEqualTo(1);
    }

    @Test
    void shouldRefuseToRequireKeysWhenNoneIsConfigured() {
        assertThatThrownBy(() -> new ApiAccess(ApiKeys.parse(""), true, new RateLimiter(0, 0, 1, now::get), meters, ctx -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ApiKeys.KEYS).hasMessageContaining("api-key");
    }
}
