package io.papertrends.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardViewTest {
    private static final Instant AS_OF = Instant.parse("2026-11-26T22:40:44Z");

    @Test
    void shouldFitEightyColumnsWithLongTitlesAndManyKeyphrases() {
        List<TrendingEntry> entries = new ArrayList<>();
        Movement[] moves = {Movement.NEW, Movement.UP, Movement.DOWN, Movement.SAME};
        for (int i = 1; i <= 12; i++) {
            entries.add(entry(i, moves[i % 4], "A very long title about transformers ".repeat(5) + i,
                    List.of("diffusion transformers", "scaling laws", "video generation", "fourth phrase"), Math.pow(10, i % 8)));
        }
        List<String> lines = new LeaderboardView(10).render(List.of("1h", "24h"), Map.of("1h", update("1h", entries)),
                List.of("header " + "x".repeat(100)), List.of("footer " + "y".repeat(100)));

        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(LeaderboardView.WIDTH));
        assertThat(lines).filteredOn(l -> l.matches("^\\s?\\d+ .*")).hasSize(10);
        assertThat(lines).anyMatch(l -> l.startsWith(" 1 ↑ A very long title"))
                .anyMatch(l -> l.startsWith(" 2 ↓ "))
                .anyMatch(l -> l.startsWith(" 3 = "))
                .anyMatch(l -> l.startsWith(" 4 ★ "))
                .anyMatch(l -> l.contains("diffusion transformers,…"))
                .anyMatch(l -> l.contains("waiting for the first ranking"))
                .anyMatch(l -> l.contains("global · last 1h") && l.endsWith("as of 22:40:44 UTC"));
    }

    @Test
    void shouldShowTheIdAsReadersKnowItWhileTheTitleIsOnItsWay() {
        TrendingEntry entry = entry(1, Movement.NEW, null, List.of(), 3.25);
        assertThat(LeaderboardView.row(entry)).startsWith(" 1 ★ arXiv:2611.00001 (title arriving…)").endsWith("3.3");
        TrendingEntry byTitle = TrendingEntry.newBuilder(entry).setPaperId("title:0123456789abcdef").build();
        assertThat(LeaderboardView.row(byTitle)).startsWith(" 1 ★ (title arriving…)").doesNotContain("title:0123");
    }

    @Test
    void shouldShowMovementAgainstTheBoardTheReaderSawLast() {
        LeaderboardView view = new LeaderboardView(3);
        // The server calls every entry SAME (each update moved nothing), but since the last board a paper entered and two swapped.
        view.render(List.of("1h"), Map.of("1h", update("1h", List.of(entry(1, Movement.SAME, "A", List.of(), 3), entry(2, Movement.SAME, "B", List.of(), 2)))),
                List.of(), List.of());
        Map<String, TrendingUpdate> next = Map.of("1h", update("1h", List.of(renamed(entry(1, Movement.SAME, "B", List.of(), 3), 2),
                renamed(entry(2, Movement.SAME, "C", List.of(), 2), 3), renamed(entry(3, Movement.SAME, "A", List.of(), 1), 1))));
        List<String> lines = view.render(List.of("1h"), next, List.of(), List.of());
        assertThat(lines).anyMatch(l -> l.startsWith(" 1 ↑ B")).anyMatch(l -> l.startsWith(" 2 ★ C")).anyMatch(l -> l.startsWith(" 3 ↓ A"));
        assertThat(view.render(List.of("1h"), next, List.of(), List.of())).as("redrawn unchanged: the marks stay until the board changes")
                .anyMatch(l -> l.startsWith(" 1 ↑ B"));
    }

    private static TrendingEntry renamed(TrendingEntry e, int paper) {
        return TrendingEntry.newBuilder(e).setPaperId(String.format("arxiv:2611.%05d", paper)).build();
    }

    @Test
    void shouldKeepScoresWithinSevenCharacters() {
        assertThat(LeaderboardView.score(12.34)).isEqualTo("12.3");
        assertThat(LeaderboardView.score(4567.8)).isEqualTo("4568");
        assertThat(LeaderboardView.score(12_345_678)).isEqualTo("1.2e+07");
    }

    @Test
    void shouldCutTextWithoutSplittingCharactersOrKeepingControlCharacters() {
        assertThat(LeaderboardView.fit("short", 10)).isEqualTo("short");
        assertThat(LeaderboardView.fit("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(LeaderboardView.fit("a title that is too long", 10)).isEqualTo("a title t…");
        assertThat(LeaderboardView.fit("line\nbreak\tand tab", 40)).isEqualTo("line break and tab");
        assertThat(LeaderboardView.fit("abcdefgh\uD835\uDC00xyz", 10)).isEqualTo("abcdefgh…");
    }

    private static TrendingEntry entry(int rank, Movement movement, String title, List<String> phrases, double score) {
        return TrendingEntry.newBuilder().setRank(rank).setPreviousRank(null).setMovement(movement)
                .setPaperId(String.format("arxiv:2611.%05d", rank)).setTitle(title).setKeyphrases(phrases).setScore(score)
                .setObserved(score).setExpected(1).setGrowth(score).setDecay(1).setEvents(10).setReaders(10).build();
    }

    private static TrendingUpdate update(String window, List<TrendingEntry> entries) {
        return TrendingUpdate.newBuilder().setScope("global").setWindow(window).setEntries(entries).setLeft(List.of())
                .setGeneratedAt(AS_OF).setAsOf(AS_OF).build();
    }
}
