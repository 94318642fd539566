package io.papertrends.trend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.trend.library.PaperDoc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReaderPagesTest {
    @Test
    void shouldEscapeEveryTextAndLinkOnlyToWebAddresses() {
        PaperDoc paper = new PaperDoc("title:0123456789abcdef", null, "<script>alert(1)</script> & \"quotes\"", "An abstract with <b>tags</b>\u0001.",
                List.of("A. <img src=x onerror=alert(1)>"), List.of("cs.CL"), null, null, "2026-12-06T10:00:00Z", "javascript:alert(1)", null,
                List.of(new PaperDoc.Link("https://github.com/x/y", "github"), new PaperDoc.Link("data:text/html,<b>x</b>", "project")),
                List.of(new PaperDoc.Phrase("graph \"neural\" networks", "graph neural network")));
        String html = ReaderPages.paper(new ReaderPages.PaperPage(paper, null, Map.of("1h", "No reader activity in the last 1h."), Map.of(),
                List.of(), null));
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", "&lt;b&gt;tags&lt;/b&gt;.",
                "A. &lt;img src=x onerror=alert(1)&gt;", "href=\"https://github.com/x/y\"", "href=\"/topics/graph%20neural%20network\"",
                "graph &quot;neural&quot; networks");
        assertThat(html).doesNotContain("<script>", "<b>tags", "javascript:", "data:text/html", "\u0001", "title:0123456789abcdef</");
        assertThat(html).as("a paper known by its title shows no id").doesNotContain("class=\"label\"");
    }

    @Test
    void shouldShowADayWithItsNeighboursButNoDayAfterToday() {
        java.time.LocalDate today = java.time.LocalDate.of(2026, 12, 6);
        String html = ReaderPages.daily(today, today, List.of(), false);
        assertThat(html).contains("href=\"/daily/2026-12-05\"", "No paper of that day is known.").doesNotContain("/daily/2026-12-07");
        assertThat(ReaderPages.daily(today.minusDays(1), today, List.of(), true)).contains("href=\"/daily/2026-12-06\"", "may be incomplete");
    }
}
