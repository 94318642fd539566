package io.papertrends.ingest.harvest;

import io.papertrends.avro.HarvestCheckpoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A working copy of one source's checkpoint, and the rule that decides which fetched records
 * are new. Plain Java; the harvester stores it as a {@link HarvestCheckpoint}.
 *
 * <p>OAI-PMH's {@code from} is inclusive and arXiv's datestamps are days, so every list asked
 * from the last datestamp fetches again the records of that day. {@link #seen} remembers each
 * record published with its datestamp and content hash ({@code <datestamp> <hash prefix>}); one
 * fetched again with both the same is not published again, a changed one is. Only what a later
 * list can fetch again is kept: the records of the list's {@code from} day while the list runs,
 * and those of the latest datestamp. Feeds keep the hashes of the items of their last answer.
 */
final class Progress {
    /** The hash {@link #seen} records for a deletion. */
    static final String DELETED = "deleted";

    String datestamp;
    String listFrom;
    String resumptionToken;
    String etag;
    String lastModified;
    Map<String, String> seen = new HashMap<>();
    long records;

    /** No checkpoint yet. */
    static Progress start() {
        return new Progress();
    }

    static Progress of(HarvestCheckpoint cp) {
        Progress p = new Progress();
        p.datestamp = cp.getDatestamp();
        p.listFrom = cp.getListFrom();
        p.resumptionToken = cp.getResumptionToken();
        p.etag = cp.getEtag();
        p.lastModified = cp.getLastModified();
        cp.getSeen().forEach((k, v) -> p.seen.put(k.toString(), v.toString()));
        p.records = cp.getRecords();
        return p;
    }

    Progress copy() {
        Progress p = new Progress();
        p.datestamp = datestamp;
        p.listFrom = listFrom;
        p.resumptionToken = resumptionToken;
        p.etag = etag;
        p.lastModified = lastModified;
        p.seen = new HashMap<>(seen);
        p.records = records;
        return p;
    }

    HarvestCheckpoint toCheckpoint(String source, String identity, Instant now) {
        return HarvestCheckpoint.newBuilder().setSource(source).setUrl(identity).setDatestamp(datestamp).setListFrom(listFrom)
                .setResumptionToken(resumptionToken).setEtag(etag).setLastModified(lastModified)
                .setSeen(new HashMap<>(seen)).setRecords(records).setUpdatedAt(now).build();
    }

    /**
     * The {@code from} of the next OAI-PMH list: that of an unfinished list whose token expired,
     * else the last datestamp published, else {@code configured}.
     */
    String nextFrom(String configured) {
        return listFrom != null ? listFrom : datestamp != null ? datestamp : configured;
    }

    /** Whether an OAI-PMH record (or deletion, {@code hash} {@value #DELETED}) is not the one published already. */
    boolean isNew(String paperId, String recordDatestamp, String hash) {
        return recordDatestamp == null || !seenValue(recordDatestamp, hash).equals(seen.get(paperId));
    }

    /** Remembers an OAI-PMH record published with this datestamp. */
    void published(String paperId, String recordDatestamp, String hash) {
        if (recordDatestamp == null) {
            return;
        }
        seen.put(paperId, seenValue(recordDatestamp, hash));
        if (datestamp == null || recordDatestamp.compareTo(datestamp) > 0) {
            datestamp = recordDatestamp;
        }
    }

    /**
     * Forgets the records no later list can fetch again: with {@code listFrom} set (a list runs),
     * all but those of that day and of the latest datestamp; else all but the latest datestamp's.
     */
    void prune() {
        seen.values().removeIf(v -> {
            String day = v.substring(0, v.indexOf(' '));
            return !day.equals(datestamp) && !day.equals(listFrom);
        });
    }

    private static String seenValue(String recordDatestamp, String hash) {
        // 64 bits of the content hash tell two versions of one paper apart; the rest would only fill the checkpoint.
        return recordDatestamp + " " + (hash.length() > 16 ? hash.substring(0, 16) : hash);
    }

    /** Whether both would be stored as the same checkpoint (its time aside). */
    boolean sameAs(Progress other) {
        return other != null && Objects.equals(datestamp, other.datestamp) && Objects.equals(listFrom, other.listFrom)
                && Objects.equals(resumptionToken, other.resumptionToken) && Objects.equals(etag, other.etag)
                && Objects.equals(lastModified, other.lastModified) && seen.equals(other.seen) && records == other.records;
    }
}
