package io.papertrends.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EventCounts;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.enrich.popularity.PopularityConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crash bench's verification itself: the brute-force windows, and that a wrong final is classified, not passed. */
class CrashBenchTest {
    private static final long MIN = 60_000;
    private static final PopularityConfig CONFIG = PopularityConfig.from(Settings.of(Map.of(
            "papertrends.popularity.windows", CrashBench.WINDOWS, "papertrends.popularity.grace", CrashBench.GRACE)));

    @Test
    void everyWindowHoldingAnEventIsExpectedOnceItHasClosed() {
        long t = 600 * MIN + 30_000;
        List<CrashBench.Event> events = List.of(new CrashBench.Event("e1", "arxiv:1", EventType.VIEW, "u1", t),
                new CrashBench.Event("e2", "arxiv:1", EventType.DOWNLOAD, null, t + 1_000));

        Map<CrashBench.Key, CrashBench.Expected> all = CrashBench.expectedWindows(events, CONFIG, Long.MAX_VALUE);

        assertThat(all.keySet().stream().filter(k -> k.window().equals("10m"))).hasSize(10);
        assertThat(all.keySet().stream().filter(k -> k.window().equals("1h"))).hasSize(12);
        assertThat(all.values()).allSatisfy(x -> {
            assertThat(x.counts).containsExactly(1, 1, 0, 0, 0, 0);
            assertThat(x.readerCount()).as("one named reader, one anonymous event").isEqualTo(2);
        });
        // Closing at the end of the 10m window starting at 600m, plus grace: later windows are not expected yet.
        Map<CrashBench.Key, CrashBench.Expected> closed = CrashBench.expectedWindows(events, CONFIG, 611 * MIN);
        assertThat(closed.keySet()).allSatisfy(k -> assertThat(k.start() + (k.window().equals("10m") ? 10 : 60) * MIN + MIN)
                .isLessThanOrEqualTo(611 * MIN));
        // Every 10m window (the last ends at 610m) and the 1h windows starting at 545m and 550m.
        assertThat(closed).containsKey(new CrashBench.Key("arxiv:1", "10m", 600 * MIN)).containsKey(new CrashBench.Key("arxiv:1", "1h", 550 * MIN))
                .hasSize(12);
    }

    @Test
    void aFinalWithCountsMissingTooManyOrOtherReadersIsNotVerified() {
        CrashBench.Expected want = new CrashBench.Expected();
        want.counts[0] = 3;
        want.counts[5] = 1;
        want.anonymous = 1;
        want.readers.add("u1");

        assertThat(CrashBench.compare(want, popularity(3, 1, 2, 10), 10 * MIN)).isZero();
        assertThat(CrashBench.compare(want, popularity(2, 1, 2, 10), 10 * MIN)).as("a view lost").isEqualTo(-1);
        assertThat(CrashBench.compare(want, popularity(3, 2, 2, 10), 10 * MIN)).as("a citation counted twice").isEqualTo(1);
        assertThat(CrashBench.compare(want, popularity(4, 0, 2, 10), 10 * MIN)).as("one lower, one higher").isEqualTo(2);
        assertThat(CrashBench.compare(want, popularity(3, 1, 3, 10), 10 * MIN)).as("another reader").isEqualTo(2);
        assertThat(CrashBench.compare(want, popularity(3, 1, 2, 11), 10 * MIN)).as("another end").isEqualTo(2);
    }

    private static PaperPopularity popularity(long views, long citations, long readers, long minutes) {
        return PaperPopularity.newBuilder().setPaperId("arxiv:1").setWindow("10m").setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(minutes * MIN))
                .setCounts(EventCounts.newBuilder().setViews(views).setDownloads(0).setUpvotes(0).setBookmarks(0).setShares(0)
                        .setCitations(citations).build())
                .setUniqueReaders(readers).setScore(0).setClosed(true).setUpdatedAt(Instant.ofEpochMilli(0)).build();
    }
}
