package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeenEventsTest {
    @Test
    void shouldAddEachHashOnceAndKeepThemAcrossBytes() {
        SeenEvents seen = new SeenEvents();
        Set<Long> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            long h = i % 7 == 0 ? random.nextLong(50) : random.nextLong();
            assertThat(seen.add(h)).isEqualTo(reference.add(h));
        }
        assertThat(seen.add(0)).isEqualTo(reference.add(0L));
        assertThat(seen.add(0)).isFalse();
        assertThat(seen.size()).isEqualTo(reference.size());

        SeenEvents back = SeenEvents.fromBytes(seen.toBytes());
        assertThat(back.size()).isEqualTo(reference.size());
        for (long h : reference) {
            assertThat(back.contains(h)).isTrue();
            assertThat(back.add(h)).isFalse();
        }
        assertThat(back.contains(123_456_789_123L)).isEqualTo(reference.contains(123_456_789_123L));
        assertThat(back.weight()).isGreaterThan(8L * reference.size());
    }
}
