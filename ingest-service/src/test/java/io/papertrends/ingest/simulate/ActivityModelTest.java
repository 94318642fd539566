package io.papertrends.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ActivityModelTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-11-20T00:00:00Z");
    private static final List<String> PAPERS = IntStream.range(0, 50).mapToObj(i -> "arxiv:2411." + (10000 + i)).toList();

    private static ActivityModel.Builder model(List<String> papers) {
        return ActivityModel.builder(papers).rate(5).start(MIDNIGHT).duration(Duration.ofHours(2)).seed(42);
    }

    private static List<PaperEvent> events(ActivityModel model) {
        return StreamSupport.stream(model.spliterator(), false).toList();
    }

    @Test
    void shouldGiveTheSameEventsAndIdsForTheSameSeedWhateverThePaperOrder() {
        List<String> shuffled = new ArrayList<>(PAPERS);
        Collections.reverse(shuffled);

        List<PaperEvent> first = events(model(PAPERS).build());
        List<PaperEvent> again = events(model(shuffled).build());
        List<PaperEvent> otherSeed = events(model(PAPERS).seed(43).build());

        assertThat(first).hasSizeGreaterThan(10_000).isEqualTo(again);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(first.stream().map(PaperEvent::getEventId).distinct().count()).isEqualTo(first.size());
        assertThat(otherSeed.get(0).getEventId()).isNotEqualTo(first.get(0).getEventId());
    }

    @Test
    void shouldEmitEventsInEventTimeOrderInsideTheSpanAtAboutTheRate() {
        ActivityModel model = model(PAPERS).dayNight(0, 15).build();
        List<PaperEvent> events = events(model);

        assertThat(events).extracting(PaperEvent::getOccurredAt).isSorted()
                .allMatch(t -> !t.isBefore(model.start()) && t.isBefore(model.end()));
        assertThat(events).allMatch(e -> e.getSource().equals(ActivityModel.SOURCE) && PAPERS.contains(e.getPaperId()));
        // 5 events/s for 2 h: 36,000 expected, Poisson spread well under 2%.
        assertThat(events.size()).isBetween(35_000, 37_000);
    }

    @Test
    void shouldSkewPopularitySoTheTopPaperGetsFarMoreThanTheMedian() {
        ActivityModel model = model(PAPERS).build();
        Map<String, Long> perPaper = events(model).stream().collect(Collectors.groupingBy(PaperEvent::getPaperId, Collectors.counting()));
        List<Long> counts = perPaper.values().stream().sorted(Collections.reverseOrder()).toList();

        assertThat(perPaper.get(model.papersByPopularity().get(0))).isEqualTo(counts.get(0));
        // Zipf with exponent 1 over 50 papers: rank 1 against rank 25 is 25 to 1.
        assertThat(counts.get(0)).isGreaterThan(10 * counts.get(counts.size() / 2));
    }

    @Test
    void shouldHaveMoreEventsAtTheDayPeakThanAtTheNightTrough() {
        List<PaperEvent> events = events(model(PAPERS).duration(Duration.ofDays(2)).rate(1).build());
        Map<Integer, Long> perHour = events.stream()
                .collect(Collectors.groupingBy(e -> e.getOccurredAt().atOffset(ZoneOffset.UTC).getHour(), Collectors.counting()));

        // Amplitude 0.6 peaking at 15:00 UTC: 1.6 against 0.4 times the mean rate.
        assertThat(perHour.get(ActivityModel.DEFAULT_PEAK_HOUR_UTC)).isGreaterThan(3 * perHour.get(3));
    }

    @Test
    void shouldHaveRepeatReadersAndFewerDistinctReadersThanEvents() {
        List<PaperEvent> events = events(model(PAPERS).build());
        long distinctReaders = events.stream().map(PaperEvent::getUserId).distinct().count();
        Map<String, Long> readsPerReaderAndPaper = events.stream()
                .collect(Collectors.groupingBy(e -> e.getUserId() + "|" + e.getPaperId(), Collectors.counting()));

        assertThat(events).allMatch(e -> e.getUserId() != null && e.getUserId().startsWith("sim-reader-"));
        assertThat(distinctReaders).isGreaterThan(100).isLessThan(events.size());
        assertThat(readsPerReaderAndPaper.values().stream().filter(n -> n > 1).count()).isGreaterThan(events.size() / 20);
    }

    @Test
    void shouldMixEventTypesMostlyViewsAndRarelyCitations() {
        List<PaperEvent> events = events(model(PAPERS).build());
        Map<EventType, Long> byType = events.stream().collect(Collectors.groupingBy(PaperEvent::getType, Collectors.counting()));

        assertThat(byType.get(EventType.VIEW)).isGreaterThan(events.size() * 3L / 4);
        assertThat(byType.get(EventType.DOWNLOAD)).isGreaterThan(byType.get(EventType.UPVOTE));
        assertThat(byType.keySet()).containsExactlyInAnyOrder(EventType.VIEW, EventType.DOWNLOAD, EventType.UPVOTE,
                EventType.BOOKMARK, EventType.SHARE, EventType.CITATION);
        assertThat(byType.get(EventType.CITATION)).isLessThan(events.size() / 100);
    }

    @Test
    void shouldMultiplyTheBurstPapersEventsInItsIntervalByAboutTheFactor() {
        String paper = model(PAPERS).build().papersByPopularity().get(5);
        Burst burst = new Burst(paper, Duration.ofHours(1), 6, Duration.ofMinutes(30));
        ActivityModel model = model(PAPERS).rate(10).duration(Duration.ofHours(4)).dayNight(0, 15).bursts(List.of(burst)).build();
        Instant from = burst.startsAt(model.start());
        Instant to = from.plus(burst.length());

        List<PaperEvent> ofPaper = events(model).stream().filter(e -> e.getPaperId().equals(paper)).toList();
        long inside = ofPaper.stream().filter(e -> !e.getOccurredAt().isBefore(from) && e.getOccurredAt().isBefore(to)).count();
        long outside = ofPaper.size() - inside;
        // Outside: 3.5 h at the base rate, i.e. seven burst-long intervals.
        double ratio = inside / (outside / 7.0);

        assertThat(model.bursts()).containsExactly(burst);
        assertThat(ratio).isBetween(5.0, 7.0);
    }

    @Test
    void shouldPlantRandomBurstsFromTheSeedOutsideTheTopTenth() {
        Function<Long, ActivityModel> withRandomBursts = seed -> model(PAPERS).seed(seed).randomBursts(3)
                .burstLength(Duration.ofMinutes(20)).build();
        ActivityModel model = withRandomBursts.apply(7L);

        assertThat(model.bursts()).hasSize(3).isEqualTo(withRandomBursts.apply(7L).bursts());
        assertThat(model.bursts()).allSatisfy(b -> {
            assertThat(model.papersByPopularity().indexOf(b.paperId())).isGreaterThanOrEqualTo(PAPERS.size() / 10);
            assertThat(b.offset().plus(b.length())).isLessThanOrEqualTo(model.duration());
            assertThat(b.length()).isEqualTo(Duration.ofMinutes(20));
            assertThat(b.factor()).isBetween(3.0, 10.0);
        });
        assertThat(withRandomBursts.apply(8L).bursts()).isNotEqualTo(model.bursts());
    }

    @Test
    void shouldKeepBurstPapersWhenLimitingThePapers() {
        Burst burst = new Burst(PAPERS.get(17), Duration.ofMinutes(10), 4, Duration.ofMinutes(30));
        ActivityModel model = model(PAPERS).papersLimit(5).bursts(List.of(burst)).build();

        assertThat(model.papersByPopularity()).hasSize(5).contains(PAPERS.get(17));
        assertThat(events(model)).allMatch(e -> model.papersByPopularity().contains(e.getPaperId()));
    }

    @Test
    void shouldRejectABurstOnAPaperItDoesNotKnowOrAfterTheEnd() {
        assertThatThrownBy(() -> model(PAPERS).bursts(List.of(new Burst("arxiv:nope", Duration.ZERO, 3, Duration.ofMinutes(1)))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'arxiv:nope' is not one of the 50 papers");
        assertThatThrownBy(() -> model(PAPERS).bursts(List.of(new Burst(PAPERS.get(0), Duration.ofHours(3), 3, Duration.ofMinutes(1)))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the end of the 2h simulation");
    }

    @Test
    void shouldRejectSettingsOutOfRange() {
        assertThatThrownBy(() -> model(List.of()).build()).hasMessageContaining("no papers");
        assertThatThrownBy(() -> model(PAPERS).rate(0).build()).hasMessageContaining("rate must be a positive number");
        assertThatThrownBy(() -> model(PAPERS).duration(Duration.ZERO).build()).hasMessageContaining("duration must be positive");
        assertThatThrownBy(() -> model(PAPERS).dayNight(1.5, 15).build()).hasMessageContaining("amplitude");
    }
}
