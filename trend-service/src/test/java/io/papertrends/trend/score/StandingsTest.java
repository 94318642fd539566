package io.papertrends.trend.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.ranking.TopK;
import io.papertrends.trend.ranking.TrendingScore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandingsTest {
    private static final long HOUR = 3_600_000;
    private static final TrendingScore FORMULA = new TrendingScore(1.0, HOUR);
    private static final Standings.Order ORDER = Standings.Order.of(FORMULA);

    @Test
    void shouldKeepTheSameListAsRankingEveryCandidateAgainAtEachUpdate() {
        Random random = new Random(42);
        int k = 5;
        double minScore = 1;
        Standings list = Standings.empty(k);
        List<Candidate> expected = List.of();
        long now = 1_000_000_000L;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(120_000);
            String paper = "arxiv:" + random.nextInt(12);
            Candidate candidate = random.nextInt(10) == 0 ? null
                    : candidate(paper, 0.5 + random.nextDouble() * 20, now - random.nextInt(3) * 60_000L);
            List<Candidate> before = List.copyOf(list.items());
            boolean changed = list.upsert(paper, candidate, k, ORDER, minScore, now);
            expected = rebuilt(expected, paper, candidate, k, minScore, now);
            assertThat(list.items()).as("step %d", step).containsExactlyElementsOf(expected);
            assertThat(changed).as("step %d", step).isEqualTo(!before.equals(expected));
        }
    }

    @Test
    void shouldReadListsWrittenWithTitlesAndSortThemAgain() {
        long now = 10 * HOUR;
        Candidate low = new Candidate("arxiv:low", "A title", List.of("graph neural networks"), 2, 3, 1, 3, 5, 5, now, now, "https://example.org/low");
        Candidate high = new Candidate("arxiv:high", "Another", List.of(), 30, 9, 1, 9, 9, 9, now, now, null);
        byte[] stored = Candidates.SERDE.serializer().serialize("t", new Candidates(0, List.of(low, high)));
        Standings list = Standings.SERDE.deserializer().deserialize("t", stored);
        assertThat(list.items()).extracting(Candidate::title).containsOnlyNulls();
        list.upsert("arxiv:other", null, 10, ORDER, 1, now);
        assertThat(list.items()).extracting(Candidate::paperId).containsExactly("arxiv:high", "arxiv:low");
        Standings again = Standings.SERDE.deserializer().deserialize("t", Standings.SERDE.serializer().serialize("t", list));
        assertThat(again.items()).containsExactlyElementsOf(list.items());
    }

    /** What the first ranking stage did before: rank every kept candidate again by its decayed score. */
    private static List<Candidate> rebuilt(List<Candidate> old, String paper, Candidate candidate, int k, double minScore, long now) {
        TopK<Candidate> top = new TopK<>(k);
        Map<String, Candidate> offered = new HashMap<>();
        for (Candidate c : old) {
            if (!c.paperId().equals(paper)) {
                offered.put(c.paperId(), c);
            }
        }
        if (candidate != null) {
            offered.put(paper, candidate);
        }
        offered.values().forEach(c -> {
            double score = ORDER.decayed(c, now);
            if (score >= minScore) {
                top.offer(c.paperId(), score, c);
            }
        });
        List<Candidate> out = new ArrayList<>();
        top.ranked().forEach(s -> out.add(s.item()));
        return out;
    }

    private static Candidate candidate(String paper, double raw, long lastActiveMs) {
        return new Candidate(paper, null, List.of(), raw, raw, 1, raw, 10, 10, lastActiveMs, lastActiveMs, null);
    }
}
