package io.papertrends.trend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.trend.api.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private final Params params = new Params(List.of("1h", "24h", "7d"), "24h", 50);

    private static void rejected(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.reasonCode()).isEqualTo(code);
            assertThat(e.reason()).isNotBlank();
        });
    }

    @Test
    void shouldAcceptConfiguredWindowsOnly() {
        assertThat(params.window(null)).isEqualTo("24h");
        assertThat(params.window("1h")).isEqualTo("1h");
        rejected(() -> params.window("2h"), "BAD_WINDOW");
        rejected(() -> params.window("1H"), "BAD_WINDOW");
        assertThat(params.windowFilter(null)).isNull();
    }

    @Test
    void shouldAcceptTheThreeKindsOfScopeWithBoundedLength() {
        assertThat(params.scope(null)).isEqualTo("global");
        assertThat(params.scope("keyword:large language model")).isEqualTo("keyword:large language model");
        assertThat(params.scope("category:cs.CL")).isEqualTo("category:cs.CL");
        rejected(() -> params.scope("Global"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:"), "BAD_SCOPE");
        rejected(() -> params.scope("topic:x"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:a|b"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:a\nb"), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:x "), "BAD_SCOPE");
        rejected(() -> params.scope("keyword:" + "x".repeat(Params.MAX_SCOPE)), "BAD_SCOPE");
    }

    @Test
    void shouldBoundTheLimitByTopK() {
        assertThat(params.limit(null)).isEqualTo(20);
        assertThat(params.limit("50")).isEqualTo(50);
        assertThat(new Params(List.of("1h"), "1h", 10).limit(null)).isEqualTo(10);
        rejected(() -> params.limit("0"), "BAD_LIMIT");
        rejected(() -> params.limit("51"), "BAD_LIMIT");
        rejected(() -> params.limit("ten"), "BAD_LIMIT");
        rejected(() -> params.limit("99999999999"), "BAD_LIMIT");
    }

    @Test
    void shouldRejectUnusablePaperIds() {
        assertThat(Params.paperId("doi:10.1/x")).isEqualTo("doi:10.1/x");
        rejected(() -> Params.paperId(" "), "BAD_PAPER_ID");
        rejected(() -> Params.paperId("a\u0000b"), "BAD_PAPER_ID");
        rejected(() -> Params.paperId("x".repeat(Params.MAX_PAPER_ID + 1)), "BAD_PAPER_ID");
    }

    @Test
    void shouldTakeWindowNamesFromThePopularitySetting() {
        assertThat(HttpConfig.windowNames(HttpConfig.DEFAULT_WINDOWS)).containsExactly("1h", "24h", "7d");
        assertThat(HttpConfig.windowNames(" 30m:5m , 2h:30m ")).containsExactly("30m", "2h");
        assertThatThrownBy(() -> HttpConfig.windowNames("1h")).isInstanceOf(IllegalArgumentException.class);
    }
}
