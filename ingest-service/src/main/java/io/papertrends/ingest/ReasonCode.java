package io.papertrends.ingest;

/**
 * Machine-readable reasons a record is rejected; the name is what {@code ingest-rejects} and the
 * HTTP answers carry as {@code reasonCode}.
 */
public enum ReasonCode {
    /** A required field is absent, null or blank after normalisation. */
    MISSING_FIELD,
    /** A line or request body is not one well-formed JSON value, or not an object. */
    INVALID_JSON,
    /** A date is not ISO-8601 (or, for RSS, RFC 1123). */
    INVALID_DATE,
    /**
     * An event is dated older than any popularity window can still count, or further ahead of the
     * clock than the allowed skew: nothing would count it.
     */
    EVENT_TIME_OUT_OF_RANGE,
    /** An event type is not one of view, download, upvote, bookmark, share, citation. */
    UNKNOWN_EVENT_TYPE,
    /** A field, line or record is longer than its configured limit. */
    TOO_LONG,
    /** The input bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** A field has the wrong JSON type or a malformed value (URL, arXiv id, DOI). */
    INVALID_VALUE,
    /** An XML document or feed entry is malformed or of an unexpected shape. */
    INVALID_XML,
    /** The source itself reported an error (an OAI-PMH {@code <error>}). */
    SOURCE_ERROR
}
