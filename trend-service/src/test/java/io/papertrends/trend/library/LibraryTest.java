package io.papertrends.trend.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.EventCounts;
import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Movement;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.keywords.KeywordNormalizer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);
    private static final Instant MIDNIGHT = DAY.atStartOfDay(ZONE).toInstant();

    @TempDir
    Path dir;
    private Library library;

    @BeforeEach
    void open() throws Exception {
        library = new Library(new LibraryConfig(ZONE, "24h", 30, dir.resolve("index")));
        paper("arxiv:2612.00001", "Graph Neural Networks for Molecules", "We train graph neural networks on molecular graphs with message passing.",
                MIDNIGHT.plus(Duration.ofHours(9)), "Graph Neural Networks", "Message Passing");
        paper("arxiv:2612.00002", "Message Passing on Crystal Graphs", "Graph neural networks with message passing predict crystal properties.",
                MIDNIGHT.plus(Duration.ofHours(10)), "Graph Neural Networks", "Crystal Properties");
        paper("title:0123456789abcdef", "A Survey of Bird Song", "Birds sing in the morning; we record songs of forty species.",
                MIDNIGHT.minus(Duration.ofDays(2)), "Bird Song");
        library.refresh();
    }

    @AfterEach
    void close() {
        library.close();
    }

    @Test
    void shouldFindPapersByTheirWordsWithThePhraseFirstAndFilters() {
        Library.Results r = library.search("message passing crystal", null, null, null, 10);
        assertThat(r.hits()).extracting(h -> h.paper().id()).first().isEqualTo("arxiv:2612.00002");
        assertThat(library.search("bird songs", null, null, null, 10).hits()).extracting(h -> h.paper().id()).containsExactly("title:0123456789abcdef");
        assertThat(library.search("graph neural networks", null, DAY, DAY, 10).total()).isEqualTo(2);
        assertThat(library.search("bird songs", null, DAY, DAY, 10).total()).as("dated two days before").isZero();
        assertThat(library.search("graph", "q-bio.BM", null, null, 10).total()).isZero();
        assertThat(library.search("the of and", null, null, null, 10).total()).as("only stop words").isZero();
    }

    @Test
    void shouldOfferSimilarPapersWithTheirSharedKeyphrasesAndNotUnrelatedOnes() {
        List<Library.Similar> similar = library.similar("arxiv:2612.00001", 5);
        assertThat(similar).extracting(s -> s.paper().id()).containsExactly("arxiv:2612.00002");
        assertThat(similar.get(0).shared()).containsExactlyInAnyOrder("Graph Neural Networks", "Message Passing");
    }

    @Test
    void shouldShowIdsAsReadersKnowThemAndNothingForTitleIds() {
        assertThat(library.paper("arxiv:2612.00001").orElseThrow().label()).isEqualTo("arXiv:2612.00001");
        assertThat(library.paper("title:0123456789abcdef").orElseThrow().label()).isNull();
    }

    @Test
    void shouldRankADaysPapersByTheirEngagementThatDayInTheZone() throws Exception {
        // The closed window of the day, midnight to midnight in the zone; a later window of paper 1 does not change that day.
        popularity("arxiv:2612.00001", MIDNIGHT, 24, true, 40);
        popularity("arxiv:2612.00002", MIDNIGHT, 24, true, 90);
        popularity("arxiv:2612.00001", MIDNIGHT.plus(Duration.ofHours(5)), 24, false, 400);
        assertThat(library.daily(DAY, 10)).extracting(e -> e.paper().id()).containsExactly("arxiv:2612.00002", "arxiv:2612.00001");
        assertThat(library.daily(DAY, 10).get(0).counts().views()).isEqualTo(90);
        assertThat(library.daily(DAY.minusDays(2), 10)).extracting(e -> e.paper().id()).containsExactly("title:0123456789abcdef");
        // A closed window that is not a day in the zone (UTC midnight is 01:00 in Berlin) is no day's.
        popularity("arxiv:2612.00002", MIDNIGHT.plus(Duration.ofHours(1)), 24, true, 999);
        assertThat(library.dayCounts(DAY, "arxiv:2612.00002").views()).isEqualTo(90);
    }

    @Test
    void shouldForgetAPaperOnATombstone() throws Exception {
        library.paper("arxiv:2612.00002", null);
        library.refresh();
        assertThat(library.paper("arxiv:2612.00002")).isEmpty();
        assertThat(library.search("crystal", null, null, null, 10).total()).isZero();
    }

    @Test
    void shouldKeepRankHistoriesAndTopics() {
        Instant t = Instant.parse("2026-12-03T10:00:00Z");
        library.update(update(t, List.of("arxiv:2612.00001", "arxiv:2612.00002"), List.of()));
        library.update(update(t.plusSeconds(60), List.of("arxiv:2612.00002", "arxiv:2612.00001"), List.of()));
        library.update(update(t.plusSeconds(120), List.of("arxiv:2612.00002"), List.of("arxiv:2612.00001")));
        assertThat(library.rankHistory("arxiv:2612.00001", "1h")).extracting(Library.RankPoint::rank).containsExactly(1, 2, 0);
        assertThat(library.standings("arxiv:2612.00002")).extracting(Library.Standing::rank).containsExactly(1);
        assertThat(library.entry("1h", "arxiv:2612.00001")).isEmpty();

        String gnn = KeywordNormalizer.normalize("Graph Neural Networks");
        library.keywords(TrendingKeywords.newBuilder().setWindow("1h").setGeneratedAt(t).setKeywords(List.of(KeywordEntry.newBuilder().setRank(3)
                .setMovement(Movement.NEW).setPhrase("Graph Neural Networks").setNormalized(gnn).setScore(5).setGrowth(2).setPapers(2).setEvents(9).build()))
                .build());
        Library.Topic topic = library.topic(gnn, List.of("1h"), 10).orElseThrow();
        assertThat(topic.display()).isEqualTo("Graph Neural Networks");
        assertThat(topic.papers()).isEqualTo(2);
        assertThat(topic.related()).extracting(Library.Related::normalized).contains(KeywordNormalizer.normalize("Message Passing"));
        assertThat(topic.related().get(0).papers()).as("message passing is in both").isEqualTo(2);
        assertThat(topic.history().get("1h")).extracting(Library.RankPoint::rank).containsExactly(3);
        assertThat(library.topic("no such phrase", List.of("1h"), 10)).isEmpty();
    }

    private void paper(String id, String title, String abstractText, Instant seen, String... phrases) throws Exception {
        List<Keyphrase> kps = new ArrayList<>();
        for (String p : phrases) {
            kps.add(Keyphrase.newBuilder().setPhrase(p).setNormalized(KeywordNormalizer.normalize(p)).setScore(1).build());
        }
        kps.add(Keyphrase.newBuilder().setPhrase("message passing").setNormalized(KeywordNormalizer.normalize("Message Passing")).setScore(0.5).build());
        Paper p = Paper.newBuilder().setId(id).setTitle(title).setAbstractText(abstractText).setCategories(List.of("cs.LG")).setSource("jsonl")
                .setContentHash("h").setIngestedAt(seen).setArxivId(id.startsWith("arxiv:") ? id.substring(6) : null).build();
        library.paper(id, EnrichedPaper.newBuilder().setPaper(p).setKeyphrases(title.contains("Bird") ? kps.subList(0, 1) : kps).setExtractorVersion("t")
                .setEnrichedAt(seen).build());
    }

    private void popularity(String id, Instant start, int hours, boolean closed, long views) {
        library.popularity(PaperPopularity.newBuilder().setPaperId(id).setWindow("24h").setWindowStart(start).setWindowEnd(start.plus(Duration.ofHours(hours)))
                .setCounts(EventCounts.newBuilder().setViews(views).build()).setUniqueReaders(views).setScore(views).setClosed(closed)
                .setUpdatedAt(start).build());
    }

    private static TrendingUpdate update(Instant at, List<String> ranked, List<String> left) {
        List<TrendingEntry> entries = new ArrayList<>();
        for (String id : ranked) {
            entries.add(TrendingEntry.newBuilder().setRank(entries.size() + 1).setMovement(Movement.SAME).setPaperId(id).setTitle(id).setScore(10 - entries.size())
                    .setObserved(5).setExpected(1).setGrowth(5).setDecay(1).setEvents(5).setReaders(5).build());
        }
        return TrendingUpdate.newBuilder().setScope("global").setWindow("1h").setEntries(entries).setLeft(left).setGeneratedAt(at).setAsOf(at).build();
    }
}
