package io.papertrends.bench;

import io.papertrends.avro.EventType;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Reader events in the {@code events-jsonl} input format (and {@code POST /events} bodies), for
 * benchmarks: about the papers of {@link SyntheticPapers} (Zipf-like, a few papers get most of
 * the activity, as readers do), all six types, {@value #READERS} readers, ids unique under the
 * generator's prefix. Deterministic for a seed, but for the instants the caller gives.
 */
public final class SyntheticEvents {
    /** Distinct named readers. */
    static final int READERS = 5000;

    private final String idPrefix;
    private final int papers;
    private final SplittableRandom random;
    private long next;

    /**
     * @param idPrefix what every event id starts with (a run's prefix keeps ids unique across runs)
     * @param papers   the events are about papers {@code 0 … papers-1} of {@link SyntheticPapers}
     */
    public SyntheticEvents(String idPrefix, int papers, long seed) {
        if (papers < 1) {
            throw new IllegalArgumentException("papers must be 1 or more");
        }
        this.idPrefix = idPrefix;
        this.papers = papers;
        this.random = new SplittableRandom(seed);
    }

    /** The next event as one line of JSON (no line end), dated {@code atMs}. */
    public String json(long atMs) {
        int paper = (int) Math.floor(papers * Math.pow(random.nextDouble(), 2));
        return "{\"eventId\":\"" + idPrefix + (next++) + "\",\"paperId\":\"" + SyntheticPapers.arxivId(paper) + "\",\"type\":\""
                + EventType.values()[random.nextInt(6)] + "\",\"userId\":\"u" + random.nextInt(READERS) + "\",\"occurredAt\":\""
                + Instant.ofEpochMilli(atMs) + "\"}";
    }
}
