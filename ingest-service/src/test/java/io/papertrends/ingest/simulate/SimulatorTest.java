package io.papertrends.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EventType;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the simulator decides before it talks to Kafka; publishing is covered by {@link SimulatorIT}. */
class SimulatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T20:43:17.250Z");
    private static final List<String> PAPERS = List.of("arxiv:1", "arxiv:2", "arxiv:3");
    private final Simulator simulator = new Simulator(Map.of("bootstrap.servers", "127.0.0.1:1"), new Topics("", new PlainAvroSerdes()),
            Clock.fixed(NOW, ZoneOffset.UTC), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    @Test
    void shouldStartAPacedRunNowAndAFastOneADurationAgoInWholeSeconds() {
        Simulator.Options paced = Simulator.Options.of(5, Duration.ofHours(2), 1);

        assertThat(simulator.model(PAPERS, paced).start()).isEqualTo(Instant.parse("2026-11-26T20:43:17Z"));
        assertThat(simulator.model(PAPERS, paced.withFast(null)).start()).isEqualTo(Instant.parse("2026-11-26T18:43:17Z"));
    }

    @Test
    void shouldStartAtTheGivenInstantWhenOneIsGiven() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        ActivityModel model = simulator.model(PAPERS, Simulator.Options.of(5, Duration.ofHours(2), 1).withFast(start));

        assertThat(model.start()).isEqualTo(start);
        assertThat(model.end()).isEqualTo(start.plus(Duration.ofHours(2)));
    }

    @Test
    void shouldPassBurstsAndRandomBurstsToTheModel() {
        Burst planted = new Burst("arxiv:2", Duration.ofMinutes(10), 4, Duration.ofMinutes(5));

        ActivityModel model = simulator.model(PAPERS, Simulator.Options.of(5, Duration.ofHours(2), 1)
                .withBursts(List.of(planted)).withRandomBursts(2));

        assertThat(model.bursts()).hasSize(3).first().isEqualTo(planted);
    }

    @Test
    void shouldSummariseCountsOnOneLine() {
        Simulator.Summary summary = new Simulator.Summary(10, 0, 3, 7, Map.of(EventType.VIEW, 8L, EventType.SHARE, 2L),
                NOW, NOW.plusSeconds(60), Duration.ofMillis(1500), false);

        assertThat(summary.line()).isEqualTo("simulated events=10 failed=0 papers=3 readers=7 view=8 download=0 upvote=0 bookmark=0"
                + " share=2 citation=0 from=2026-11-26T20:43:17.250Z to=2026-11-26T20:44:17.250Z took=1s500ms (7 events/s)");
    }
}
