package io.papertrends.trend.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.TrendState.Candidate;
import io.papertrends.trend.core.TrendState.Candidates;
import io.papertrends.trend.core.TrendState.Closed;
import io.papertrends.trend.core.TrendState.PaperMeta;
import io.papertrends.trend.core.TrendState.PaperState;
import io.papertrends.trend.core.TrendState.Ranking;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TrendStateTest {

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        Candidate withTitle = new Candidate("arxiv:1", "Title ✓", List.of("a", "b"), 12.5, 40, 8, 5, 41, 39, 1_000, 2_000);
        Candidate without = new Candidate("doi:10.1/x", null, List.of(), 1, 2, 1, 2, 3, 4, 5, 6);
        Candidate withUrl = new Candidate("title:1", "T", List.of(), 1, 2, 1, 2, 3, 4, 5, 6, "https://example.org/p");
        Candidates candidates = new Candidates(7, List.of(withTitle, without, withUrl));
        assertThat(roundTrip(Candidates.SERDE, candidates)).isEqualTo(candidates);

        assertThat(roundTrip(PaperState.SERDE, PaperState.EMPTY).baseline()).isNaN();
        PaperState state = new PaperState(3.5, 100, 9, 10, 11, 12, 13, 14, List.of(new Closed(100, 2.5), new Closed(200, 7)));
        assertThat(roundTrip(PaperState.SERDE, state)).isEqualTo(state);

        PaperMeta meta = new PaperMeta("T", List.of("Phrase"), List.of("keyword:phrase", "category:cs.CL"), "https://example.org/t");
        assertThat(roundTrip(PaperMeta.SERDE, meta)).isEqualTo(meta);
        PaperMeta withoutUrl = new PaperMeta(null, List.of(), List.of(), null);
        assertThat(roundTrip(PaperMeta.SERDE, withoutUrl)).isEqualTo(withoutUrl);

        Ranking ranking = new Ranking(List.of("b", "a"), "0000000000001|1h|global", null);
        assertThat(roundTrip(Ranking.SERDE, ranking)).isEqualTo(ranking);
        TrendingUpdate view = TrendingUpdate.newBuilder().setScope("global").setWindow("1h")
                .setEntries(List.of(TrendingEntry.newBuilder().setRank(1).setPreviousRank(null).setMovement(Movement.NEW)
                        .setPaperId("b").setTitle("B").setScore(2.5).setObserved(5).setExpected(1).setGrowth(5).setDecay(1)
                        .setEvents(6).setReaders(5).build()))
                .setGeneratedAt(Instant.ofEpochMilli(1000)).setAsOf(Instant.ofEpochMilli(900)).build();
        Ranking withView = new Ranking(List.of("b"), "", view, Map.of("b", "https://example.org/b"));
        assertThat(roundTrip(Ranking.SERDE, withView)).isEqualTo(withView);
    }

    @Test
    void shouldReadStateWrittenBeforeLandingPagesWithoutThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Codec.VERSION);
        Codec.writeNullable(out, "T");
        Codec.writeStrings(out, List.of("Phrase"));
        Codec.writeStrings(out, List.of("keyword:phrase"));
        assertThat(PaperMeta.SERDE.deserializer().deserialize("t", bytes.toByteArray()))
                .isEqualTo(new PaperMeta("T", List.of("Phrase"), List.of("keyword:phrase"), null));

        Candidate c = new Candidate("arxiv:1", "T", List.of("a"), 2, 3, 1, 3, 4, 5, 6, 7);
        bytes.reset();
        out.writeByte(Codec.VERSION);
        out.writeInt(3);
        Codec.writeList(out, List.of(c), Candidate::write);
        assertThat(Candidates.SERDE.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(new Candidates(3, List.of(c)));

        bytes.reset();
        out.writeByte(Codec.VERSION);
        Codec.writeStrings(out, List.of("b"));
        out.writeUTF("");
        Codec.<TrendingUpdate>writeAvro(out, null, TrendingUpdate.getEncoder()::encode);
        assertThat(Ranking.SERDE.deserializer().deserialize("t", bytes.toByteArray())).isEqualTo(new Ranking(List.of("b"), "", null));
    }

    @Test
    void shouldLinkAPaperToItsOwnWebPageElseItsReaderPage() {
        assertThat(LandingPage.of("https://openreview.net/forum?id=x", "title:0123456789abcdef")).isEqualTo("https://openreview.net/forum?id=x");
        assertThat(LandingPage.of(null, "arxiv:2611.00001")).isEqualTo("https://arxiv.org/abs/2611.00001");
        assertThat(LandingPage.of("javascript:alert(1)", "doi:10.1/x")).isEqualTo("https://doi.org/10.1/x");
        assertThat(LandingPage.of("not a url", "title:0123456789abcdef")).isNull();
    }

    @Test
    void shouldReadPaperStateWrittenBeforeTheHistoryAsAnEmptyHistory() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(Codec.VERSION);
        out.writeDouble(3.5);
        for (long v : new long[] {100}) {
            out.writeLong(v);
        }
        out.writeDouble(9);
        for (long v : new long[] {10, 11, 12, 13, 14}) {
            out.writeLong(v);
        }
        PaperState old = PaperState.SERDE.deserializer().deserialize("t", bytes.toByteArray());
        assertThat(old).isEqualTo(new PaperState(3.5, 100, 9, 10, 11, 12, 13, 14, List.of()));
    }

    @Test
    void shouldKeepTheLastClosedWindowsOnly() {
        PaperState state = PaperState.EMPTY;
        for (int i = 1; i <= PaperState.HISTORY + 5; i++) {
            state = new PaperState(1, i, 0, 0, 0, 0, 0, 0, state.historyWith(i * 1000L, i));
        }
        assertThat(state.history()).hasSize(PaperState.HISTORY);
        assertThat(state.history().get(0)).isEqualTo(new Closed(6000, 6));
        assertThat(state.history().get(PaperState.HISTORY - 1)).isEqualTo(new Closed((PaperState.HISTORY + 5) * 1000L, PaperState.HISTORY + 5));
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(Candidates.SERDE.serializer().serialize("t", null)).isNull();
        assertThat(Candidates.SERDE.deserializer().deserialize("t", null)).isNull();
    }
}
