package io.papertrends.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.config.Settings;
import io.papertrends.ids.PaperIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final RecordValidator validator = new RecordValidator(IngestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static PaperDraft draft() {
        PaperDraft d = new PaperDraft();
        d.title = "  Attention   Is All\tYou Need ";
        d.abstractText = "The dominant sequence transduction models\u0000 are based on RNNs.";
        return d;
    }

    @Test
    void shouldNormaliseAndDeriveATitleIdWhenNothingElseIsKnown() {
        Paper p = validator.paper(draft(), "jsonl").value();
        assertThat(p.getTitle()).isEqualTo("Attention Is All You Need");
        assertThat(p.getAbstractText()).isEqualTo("The dominant sequence transduction models are based on RNNs.");
        assertThat(p.getId()).isEqualTo(PaperIds.forTitle("Attention is all you need"));
        assertThat(p.getSource()).isEqualTo("jsonl");
        assertThat(p.getIngestedAt()).isEqualTo(NOW);
        assertThat(p.getContentHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldTakeTheArxivIdAndVersionFromTheUrlWhenNoFieldNamesIt() {
        PaperDraft d = draft();
        d.url = "https://arxiv.org/abs/1706.03762v7";
        d.doi = "https://doi.org/10.5555/ABC";
        Paper p = validator.paper(d, "jsonl").value();
        assertThat(p.getId()).isEqualTo("arxiv:1706.03762");
        assertThat(p.getArxivId()).isEqualTo("1706.03762");
        assertThat(p.getArxivVersion()).isEqualTo(7);
        assertThat(p.getDoi()).isEqualTo("10.5555/abc");
    }

    @Test
    void shouldUseTheDoiWhenThereIsNoArxivId() {
        PaperDraft d = draft();
        d.doi = "10.5555/ABC";
        d.id = "client-7";
        assertThat(validator.paper(d, "jsonl").value().getId()).isEqualTo("doi:10.5555/abc");
    }

    @Test
    void shouldKeepAnOpaqueClientIdWhenThereIsNoArxivIdOrDoi() {
        PaperDraft d = draft();
        d.id = "client-7";
        assertThat(validator.paper(d, "jsonl").value().getId()).isEqualTo("client-7");
    }

    @Test
    void shouldHashEqualContentEquallyAndChangedContentDifferently() {
        Paper a = validator.paper(draft(), "jsonl").value();
        Paper b = new RecordValidator(IngestLimits.defaults(), Clock.systemUTC()).paper(draft(), "hf-page").value();
        assertThat(b.getContentHash()).isEqualTo(a.getContentHash());
        PaperDraft changed = draft();
        changed.abstractText = changed.abstractText + " Updated.";
        assertThat(validator.paper(changed, "jsonl").value().getContentHash()).isNotEqualTo(a.getContentHash());
    }

    @Test
    void shouldHashTheUtf8OfTheJoinedContentFields() throws Exception {
        PaperDraft d = draft();
        d.title = "Déjà vu: 注意力 is all you need 🚀";
        d.authors.addAll(List.of("Ashish Vaswani", "Łukasz Kaiser"));
        d.categories.addAll(List.of("cs.CL", "cs.LG"));
        d.publishedAt = "2017-06-12";
        d.url = "https://arxiv.org/abs/1706.03762v7";
        Paper p = validator.paper(d, "jsonl").value();
        // The definition the stored hashes were made with: the fields joined into one text, hashed as UTF-8.
        String joined = p.getTitle() + '\u001F' + p.getAbstractText() + '\u001F'
                + "Ashish Vaswani\u001E\u0141ukasz Kaiser\u001E" + '\u001F' + "cs.CL\u001Ecs.LG\u001E" + '\u001F'
                + p.getPublishedAt().toEpochMilli() + '\u001F' + "" + '\u001F' + "https://arxiv.org/abs/1706.03762v7"
                + '\u001F' + "1706.03762" + '\u001F' + "7" + '\u001F' + "";
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(joined.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(p.getContentHash()).isEqualTo(expected);
        assertThat(RecordValidator.contentHash(p)).isEqualTo(expected);
    }

    @Test
    void shouldDropBlankAuthorsAndDuplicateCategories() {
        PaperDraft d = draft();
        d.authors.addAll(List.of(" Ashish  Vaswani ", " ", "Noam Shazeer"));
        d.categories.addAll(List.of("cs.CL", "cs.LG", "cs.CL"));
        Paper p = validator.paper(d, "jsonl").value();
        assertThat(p.getAuthors()).containsExactly("Ashish Vaswani", "Noam Shazeer");
        assertThat(p.getCategories()).containsExactly("cs.CL", "cs.LG");
    }

    @Test
    void shouldRejectAMissingOrBlankTitle() {
        PaperDraft d = draft();
        d.title = " \u0000 ";
        Rejection r = validator.paper(d, "jsonl").rejection();
        assertThat(r.code()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(r.reason()).contains("title");
    }

    @Test
    void shouldRejectAMissingAbstract() {
        PaperDraft d = draft();
        d.abstractText = null;
        assertThat(validator.paper(d, "jsonl").rejection().reason()).contains("abstract is required");
    }

    @Test
    void shouldRejectAnOversizedAbstractNamingTheLimit() {
        PaperDraft d = draft();
        d.abstractText = "a".repeat(20_001);
        Rejection r = validator.paper(d, "jsonl").rejection();
        assertThat(r.code()).isEqualTo(ReasonCode.TOO_LONG);
        assertThat(r.reason()).isEqualTo("abstract is 20001 characters long, the limit is 20000");
    }

    @Test
    void shouldApplyConfiguredLimits() {
        RecordValidator strict = new RecordValidator(IngestLimits.defaults().withMaxAbstractChars(10), Clock.systemUTC());
        assertThat(strict.paper(draft(), "jsonl").rejection().code()).isEqualTo(ReasonCode.TOO_LONG);
    }

    @Test
    void shouldRejectABadDate() {
        PaperDraft d = draft();
        d.publishedAt = "31/01/2024";
        Rejection r = validator.paper(d, "jsonl").rejection();
        assertThat(r.code()).isEqualTo(ReasonCode.INVALID_DATE);
        assertThat(r.reason()).contains("publishedAt '31/01/2024'").contains("ISO-8601");
    }

    @Test
    void shouldRejectMalformedUrlsArxivIdsAndDois() {
        PaperDraft url = draft();
        url.url = "ftp://example.org/x";
        assertThat(validator.paper(url, "jsonl").rejection().code()).isEqualTo(ReasonCode.INVALID_VALUE);
        PaperDraft arxiv = draft();
        arxiv.arxivId = "not-an-id";
        assertThat(validator.paper(arxiv, "jsonl").rejection().reason()).contains("arxivId 'not-an-id'");
        PaperDraft doi = draft();
        doi.doi = "12.3/x";
        assertThat(validator.paper(doi, "jsonl").rejection().reason()).contains("doi '12.3/x'");
    }

    @Test
    void shouldAcceptEventTypesInAnyCase() {
        EventDraft e = new EventDraft();
        e.paperId = "arXiv:2401.01234v2";
        e.type = "DownLoad";
        e.occurredAt = "2026-11-26T09:00:00Z";
        e.userId = "u1";
        PaperEvent ev = validator.event(e, "events-jsonl").value();
        assertThat(ev.getType()).isEqualTo(EventType.DOWNLOAD);
        assertThat(ev.getPaperId()).isEqualTo("arxiv:2401.01234");
        assertThat(ev.getOccurredAt()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(ev.getReceivedAt()).isEqualTo(NOW);
        assertThat(ev.getEventId()).matches("[0-9a-f]{32}");
        assertThat(validator.event(e, "events-jsonl").value().getEventId()).isEqualTo(ev.getEventId());
    }

    @Test
    void shouldRejectUnknownEventTypesIncludingTheReaderDefault() {
        EventDraft e = new EventDraft();
        e.paperId = "p";
        e.occurredAt = "2026-11-26T09:00:00Z";
        e.type = "like";
        assertThat(validator.event(e, "http").rejection().code()).isEqualTo(ReasonCode.UNKNOWN_EVENT_TYPE);
        e.type = "unknown";
        assertThat(validator.event(e, "http").rejection().reason()).contains("expected one of view, download");
    }

    @Test
    void shouldRejectEventsWithoutPaperIdOrTime() {
        EventDraft e = new EventDraft();
        e.type = "view";
        e.occurredAt = "2026-11-26T09:00:00Z";
        assertThat(validator.event(e, "http").rejection().reason()).contains("paperId is required");
        e.paperId = "p";
        e.occurredAt = "later";
        assertThat(validator.event(e, "http").rejection().code()).isEqualTo(ReasonCode.INVALID_DATE);
    }

    @Test
    void shouldRejectEventsNoWindowCanCount() {
        EventDraft e = new EventDraft();
        e.paperId = "arxiv:2401.01234";
        e.type = "view";
        e.occurredAt = "1850-01-01T00:00:00Z";
        assertThat(validator.event(e, "http").rejection().code()).isEqualTo(ReasonCode.EVENT_TIME_OUT_OF_RANGE);
        assertThat(validator.event(e, "http").rejection().reason()).contains("older than 7d15m");
        e.occurredAt = "3026-11-26T10:00:00Z";
        assertThat(validator.event(e, "http").rejection().reason()).contains("ahead of this service's clock");
        // The edges: the longest window plus grace back, the allowed skew ahead.
        e.occurredAt = NOW.minus(Duration.ofDays(7).plusMinutes(15)).toString();
        assertThat(validator.event(e, "http").isAccepted()).isTrue();
        e.occurredAt = NOW.minus(Duration.ofDays(7).plusMinutes(16)).toString();
        assertThat(validator.event(e, "http").isAccepted()).isFalse();
        e.occurredAt = NOW.plus(Duration.ofMinutes(5)).toString();
        assertThat(validator.event(e, "http").isAccepted()).isTrue();
        e.occurredAt = NOW.plus(Duration.ofMinutes(6)).toString();
        assertThat(validator.event(e, "http").isAccepted()).isFalse();
    }

    @Test
    void shouldReadTheEventTimeRangeFromTheWindowsOrItsOwnSettings() {
        Settings windows = Settings.of(Map.of("papertrends.popularity.windows", "1h:5m,30d:1d", "papertrends.popularity.grace", "1h"));
        assertThat(IngestLimits.from(windows).maxEventAge()).isEqualTo(Duration.ofDays(30).plusHours(1));
        Settings own = Settings.of(Map.of(IngestLimits.MAX_EVENT_AGE, "2d", IngestLimits.MAX_EVENT_SKEW, "1m"));
        assertThat(IngestLimits.from(own).maxEventAge()).isEqualTo(Duration.ofDays(2));
        assertThat(IngestLimits.from(own).maxEventSkew()).isEqualTo(Duration.ofMinutes(1));
    }
}
