package io.papertrends.enrich.popularity;

import io.papertrends.avro.EventType;

/** Index helpers for per-type counters (EventType ordinals, UNKNOWN excluded). */
final class EventCounts {
    static final int TYPES = EventType.UNKNOWN.ordinal();

    private EventCounts() { }

    static io.papertrends.avro.EventCounts toAvro(long[] c) {
        return io.papertrends.avro.EventCounts.newBuilder()
                .setViews(c[EventType.VIEW.ordinal()]).setDownloads(c[EventType.DOWNLOAD.ordinal()])
                .setUpvotes(c[EventType.UPVOTE.ordinal()]).setBookmarks(c[EventType.BOOKMARK.ordinal()])
                .setShares(c[EventType.SHARE.ordinal()]).setCitations(c[EventType.CITATION.ordinal()]).build();
    }
}
