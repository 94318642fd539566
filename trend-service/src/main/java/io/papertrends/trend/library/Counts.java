package io.papertrends.trend.library;

import io.papertrends.avro.EventCounts;
import io.papertrends.avro.PaperPopularity;

/**
 * A paper's reader activity in one window: events by type, readers and the engagement score.
 *
 * @param end end of the window (epoch millis)
 */
public record Counts(long views, long downloads, long upvotes, long bookmarks, long shares, long citations, long readers, double score,
                     long end) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    static Counts of(PaperPopularity p) {
        EventCounts c = p.getCounts();
        return new Counts(c.getViews(), c.getDownloads(), c.getUpvotes(), c.getBookmarks(), c.getShares(), c.getCitations(),
                p.getUniqueReaders(), p.getScore(), p.getWindowEnd().toEpochMilli());
    }

    /** All events of the window. */
    public long events() {
        return views + downloads + upvotes + bookmarks + shares + citations;
    }
}
