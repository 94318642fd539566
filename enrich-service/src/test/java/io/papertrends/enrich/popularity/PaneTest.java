package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PaneTest {
    private static Pane pane(int fromReader, int readers) {
        Pane p = new Pane();
        for (int r = fromReader; r < fromReader + readers; r++) {
            p.add(0, Pane.readerHash("u" + r));
        }
        return p;
    }

    @Test
    void shouldCountTheUnionOfExactPanesExactly() {
        Pane.Sum sum = new Pane.Sum();
        // 40 panes of 50 readers each, overlapping by half: 1,025 distinct readers in all.
        for (int i = 0; i < 40; i++) {
            sum.add(pane(i * 25, 50));
        }
        assertThat(sum.readers()).isEqualTo(39 * 25 + 50);
        assertThat(sum.total()).isEqualTo(40 * 50);
    }

    @Test
    void shouldEstimateOnceTheUnionOutgrowsTheExactLimitOrAPaneHoldsASketch() {
        Pane.Sum large = new Pane.Sum();
        for (int i = 0; i < 200; i++) {
            large.add(pane(i * 60, 60));
        }
        assertThat((double) large.readers()).isCloseTo(12_000, within(12_000 * 0.05));

        Pane.Sum mixed = new Pane.Sum();
        mixed.add(pane(0, 30));
        mixed.add(pane(0, 1_000));           // beyond 256 readers: held in a sketch
        mixed.add(pane(990, 30));
        assertThat(pane(0, 1_000).weight()).isGreaterThan(2_000);
        assertThat((double) mixed.readers()).isCloseTo(1_020, within(1_020 * 0.05));
    }

    @Test
    void shouldSurviveItsOwnSerialization() {
        for (Pane p : new Pane[] {pane(0, 10), pane(0, 500)}) {
            Pane copy = Pane.fromBytes(p.toBytes());
            Pane.Sum a = new Pane.Sum();
            a.add(p);
            Pane.Sum b = new Pane.Sum();
            b.add(copy);
            assertThat(b.readers()).isEqualTo(a.readers());
            assertThat(copy.total()).isEqualTo(p.total());
        }
    }
}
