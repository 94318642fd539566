package io.papertrends.trend.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.papertrends.trend.ranking.TopK.Movement;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void shouldKeepOnlyTheBestKBestFirst() {
        TopK<String> top = new TopK<>(3);
        top.offer("a", 1, "A");
        top.offer("b", 5, "B");
        top.offer("c", 3, "C");
        assertThat(top.offer("d", 0.5, "D")).as("worse than all kept").isFalse();
        assertThat(top.offer("e", 4, "E")).isTrue();
        assertThat(TopK.ids(top.ranked())).containsExactly("b", "e", "c");
        assertThat(top.size()).isEqualTo(3);
        assertThat(top.ranked().get(0).item()).isEqualTo("B");
    }

    @Test
    void shouldBreakTiesByIdWhateverTheOrderOfOffers() {
        TopK<Void> one = new TopK<>(2);
        one.offer("y", 1, null);
        one.offer("x", 1, null);
        one.offer("z", 1, null);
        TopK<Void> other = new TopK<>(2);
        other.offer("z", 1, null);
        other.offer("x", 1, null);
        other.offer("y", 1, null);
        assertThat(TopK.ids(one.ranked())).containsExactly("x", "y");
        assertThat(TopK.ids(other.ranked())).containsExactly("x", "y");
    }

    @Test
    void shouldReplaceTheScoreOfAnIdOfferedAgain() {
        TopK<Void> top = new TopK<>(3);
        top.offer("a", 5, null);
        top.offer("b", 4, null);
        top.offer("a", 1, null);
        assertThat(TopK.ids(top.ranked())).containsExactly("b", "a");
        assertThat(top.remove("b")).isTrue();
        assertThat(top.contains("b")).isFalse();
        assertThat(TopK.ids(top.ranked())).containsExactly("a");
    }

    @Test
    void shouldRejectNanScoresAndEmptyCapacity() {
        assertThatThrownBy(() -> new TopK<>(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopK<>(1).offer("a", Double.NaN, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDiffRanksMovementsAndLeavers() {
        TopK<Void> top = new TopK<>(3);
        top.offer("c", 9, null);
        top.offer("a", 8, null);
        top.offer("d", 1, null);
        TopK.Diff<Void> diff = TopK.diff(List.of("a", "b", "c"), top.ranked());

        assertThat(diff.changed()).isTrue();
        assertThat(diff.entries()).extracting(e -> e.scored().id(), TopK.Entry::rank, TopK.Entry::previousRank, TopK.Entry::movement)
                .containsExactly(
                        tuple("c", 1, 3, Movement.UP),
                        tuple("a", 2, 1, Movement.DOWN),
                        tuple("d", 3, null, Movement.NEW));
        assertThat(diff.left()).containsExactly("b");
    }

    @Test
    void shouldReportNoChangeForTheSameOrder() {
        TopK<Void> top = new TopK<>(3);
        top.offer("a", 2, null);
        top.offer("b", 1, null);
        TopK.Diff<Void> diff = TopK.diff(List.of("a", "b"), top.ranked());
        assertThat(diff.changed()).isFalse();
        assertThat(diff.entries()).extracting(TopK.Entry::movement).containsOnly(Movement.SAME);
        assertThat(diff.left()).isEmpty();
    }

    @Test
    void shouldReportAChangeWhenOnlyTheLastEntryLeaves() {
        TopK<Void> top = new TopK<>(3);
        top.offer("a", 2, null);
        TopK.Diff<Void> diff = TopK.diff(List.of("a", "b"), top.ranked());
        assertThat(diff.changed()).isTrue();
        assertThat(diff.left()).containsExactly("b");
    }
}
