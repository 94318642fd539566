package io.papertrends.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * A paper as a source gave it, before validation: raw strings, any of them possibly absent.
 * Parsers fill it; {@link RecordValidator#paper} turns it into a {@code Paper} or a rejection.
 */
public final class PaperDraft {
    /** Client-given id; an arXiv id or DOI in any form is recognised, anything else is kept as an opaque id. */
    public String id;
    /** Title as given; required. */
    public String title;
    /** Abstract as given; required. */
    public String abstractText;
    /** Author names in source order. */
    public final List<String> authors = new ArrayList<>();
    /** Categories, primary first. */
    public final List<String> categories = new ArrayList<>();
    /** Date text (ISO-8601 or RFC 1123). */
    public String publishedAt;
    /** Date text (ISO-8601 or RFC 1123). */
    public String updatedAt;
    /** Landing page (absolute http(s) URL). */
    public String url;
    /** arXiv id in any accepted form, possibly with a version. */
    public String arxivId;
    /** Explicit arXiv version, when the source gives it apart from the id. */
    public Integer arxivVersion;
    /** DOI in any accepted form (bare, {@code doi:}, resolver URL). */
    public String doi;

    @Override
    public String toString() {
        return "PaperDraft{id=" + id + ", title=" + title + ", arxivId=" + arxivId + ", doi=" + doi + "}";
    }
}
