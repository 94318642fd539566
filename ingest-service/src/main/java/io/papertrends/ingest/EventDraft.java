package io.papertrends.ingest;

import io.papertrends.ids.PaperIds;


/**
 * Reader activity as a source gave it, before validation. {@link RecordValidator#event} turns it
 * into a {@code PaperEvent} or a rejection.
 */
public final class EventDraft {
    /** Source-given event id; derived from the other fields when absent. */
    public String eventId;
    /** Id of the paper, in any form {@link PaperIds#canonical} accepts. */
    public String paperId;
    /** {@code view|download|upvote|bookmark|share|citation}, any case. */
    public String type;
    /** Pseudonymous reader id, optional. */
    public String userId;
    /** ISO-8601 date-time text. */
    public String occurredAt;
}
