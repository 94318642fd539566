package io.papertrends.ingest.parse;

/**
 * What one parse of one input produced.
 *
 * @param accepted         records handed on as accepted
 * @param rejected         records handed on as rejected
 * @param skipped          records left out on purpose (OAI-PMH deleted records)
 * @param resumptionToken  OAI-PMH: the token of the next page, or {@code null} when this was the last page
 * @param completeListSize OAI-PMH: the size of the whole list if the source said, else {@code null}
 */
public record ParseSummary(long accepted, long rejected, long skipped, String resumptionToken, Long completeListSize) {

    /** Whether the source has another page to fetch with {@link #resumptionToken()}. */
    public boolean hasMore() {
        return resumptionToken != null;
    }
}
