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

    @Test
    void shouldReadPanesStoredWithTheSketchsUpdatableImage() {
        // What earlier versions stored: the sketch's full updatable image rather than its compact form.
        org.apache.datasketches.hll.HllSketch sketch = new org.apache.datasketches.hll.HllSketch(Pane.LG_K,
                org.apache.datasketches.hll.TgtHllType.HLL_8);
        for (int r = 0; r < 500; r++) {
            sketch.update(Pane.readerHash("u" + r));
        }
        byte[] image = sketch.toUpdatableByteArray();
        java.nio.ByteBuffer stored = java.nio.ByteBuffer.allocate(1 + 8 * (EventCounts.TYPES + 1) + 1 + 4 + image.length);
        stored.put((byte) 2).putLong(500);
        for (int i = 1; i < EventCounts.TYPES; i++) {
            stored.putLong(0);
        }
        stored.putLong(0).put((byte) 1).putInt(image.length).put(image);

        Pane read = Pane.fromBytes(stored.array());
        Pane.Sum sum = new Pane.Sum();
        sum.add(read);
        assertThat(read.total()).isEqualTo(500);
        assertThat(sum.readers()).isEqualTo(Math.round(sketch.getEstimate()));
        read.add(0, Pane.readerHash("u" + 10_000));
        assertThat(Pane.fromBytes(read.toBytes()).total()).isEqualTo(501);
    }
}
