package io.papertrends.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.config.Settings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    private RateLimiter limiter(double rate, double burst, int maxBuckets) {
        return new RateLimiter(rate, burst, maxBuckets, now::get);
    }

    @Test
    void shouldLetABurstThroughThenOneRequestPerRefilledToken() {
        RateLimiter limiter = limiter(2, 4, 10);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).as("request %d of the burst", i).isZero();
        }
        assertThat(limiter.acquire("a")).as("empty: half a second to the next token, rounded up").isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        now.addAndGet(10 * SECOND);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).as("refilled to the burst, not beyond").isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(limiter.acquire("b")).as("another client has its own bucket").isZero();
    }

    @Test
    void shouldRoundTheWaitUpToWholeSeconds() {
        RateLimiter slow = limiter(0.25, 1, 10);
        assertThat(slow.acquire("a")).isZero();
        assertThat(slow.acquire("a")).as("a token every 4 s").isEqualTo(4);
        now.addAndGet(SECOND);
        assertThat(slow.acquire("a")).as("3 s to go").isEqualTo(3);
        now.addAndGet(2 * SECOND + SECOND / 2);
        assertThat(slow.acquire("a")).as("0.5 s to go, rounded up").isEqualTo(1);
        now.addAndGet(SECOND / 2);
        assertThat(slow.acquire("a")).isZero();
    }

    @Test
    void shouldHoldAtMostTheBoundNumberOfBucketsDroppingTheLeastRecentlyUsed() {
        RateLimiter limiter = limiter(1, 1, 3);
        for (String client : new String[] {"a", "b", "c"}) {
            assertThat(limiter.acquire(client)).isZero();
        }
        assertThat(limiter.acquire("a")).as("a is empty, and now the most recently used").isEqualTo(1);
        assertThat(limiter.acquire("d")).isZero();
        assertThat(limiter.buckets()).isEqualTo(3);
        assertThat(limiter.acquire("a")).as("a kept its bucket").isEqualTo(1);
        assertThat(limiter.acquire("b")).as("b, least recently used, was dropped and comes back full").isZero();
        RateLimiter big = limiter(1, 1, RateLimiter.MAX_BUCKETS);
        for (int i = 0; i < 3 * RateLimiter.MAX_BUCKETS; i++) {
            big.acquire("client-" + i);
        }
        assertThat(big.buckets()).isEqualTo(RateLimiter.MAX_BUCKETS);
    }

    @Test
    void shouldBeOffAtRateZeroAndReadItsSettings() {
        RateLimiter off = limiter(0, 0, 10);
        assertThat(off.enabled()).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire("a")).isZero();
        }
        assertThat(off.buckets()).isZero();

        RateLimiter defaults = RateLimiter.from(Settings.of(Map.of()));
        assertThat(defaults.perSecond()).isEqualTo(RateLimiter.DEFAULT_RATE);
        assertThat(defaults.burst()).isEqualTo(2 * RateLimiter.DEFAULT_RATE);
        RateLimiter set = RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "0.5", RateLimiter.BURST, "3")));
        assertThat(set.perSecond()).isEqualTo(0.5);
        assertThat(set.burst()).isEqualTo(3);
        assertThat(RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "0.2"))).burst()).as("at least one").isEqualTo(1);
        assertThat(RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "0"))).enabled()).isFalse();
        assertThatThrownBy(() -> RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "-1")))).hasMessageContaining(RateLimiter.RATE);
        assertThatThrownBy(() -> RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "fast")))).hasMessageContaining(RateLimiter.RATE);
        assertThatThrownBy(() -> RateLimiter.from(Settings.of(Map.of(RateLimiter.RATE, "5", RateLimiter.BURST, "0.5"))))
                .hasMessageContaining(RateLimiter.BURST);
    }
}
