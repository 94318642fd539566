package io.papertrends.trend.library;

import io.papertrends.avro.CodeLink;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import io.papertrends.ids.PaperIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader sees of a paper: its metadata from {@code papers-enriched}, as the reader pages
 * and their JSON show it.
 *
 * @param label      the id a reader knows ({@code arXiv:2401.01234}, {@code doi:10.1/x}), null for a paper with neither
 * @param url        the source's landing page, else the reader page by the id rule, else null
 * @param pdf        the PDF where known (arXiv), else null
 * @param published  when the source says the paper was published (ISO-8601), null if it does not
 * @param firstSeen  when it was first ingested (ISO-8601)
 */
public record PaperDoc(String id, String label, String title, String abstractText, List<String> authors, List<String> categories,
                       String published, String updated, String firstSeen, String url, String pdf, List<Link> codeLinks,
                       List<Phrase> keyphrases) {
    public PaperDoc {
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
        codeLinks = List.copyOf(codeLinks);
        keyphrases = List.copyOf(keyphrases);
    }

    /** A code or project link; {@code kind} is {@code github}, {@code gitlab}, {@code huggingface} or {@code project}. */
    public record Link(String url, String kind) { }

    /** A keyphrase: as the paper writes it, and the normalised form its topic page is named by. */
    public record Phrase(String phrase, String normalized) { }

    static PaperDoc of(String id, EnrichedPaper enriched) {
        Paper p = enriched.getPaper();
        List<Link> links = new ArrayList<>();
        for (CodeLink l : enriched.getCodeLinks()) {
            links.add(new Link(l.getUrl(), l.getKind()));
        }
        List<Phrase> phrases = new ArrayList<>();
        for (Keyphrase k : enriched.getKeyphrases()) {
            phrases.add(new Phrase(k.getPhrase(), k.getNormalized()));
        }
        String arxiv = p.getArxivId();
        String url = p.getUrl() != null ? p.getUrl() : PaperIds.readerUrl(id).orElse(null);
        return new PaperDoc(id, label(id, arxiv, p.getDoi()), p.getTitle(), p.getAbstractText(), p.getAuthors(), p.getCategories(),
                iso(p.getPublishedAt()), iso(p.getUpdatedAt()), iso(p.getIngestedAt()), url,
                arxiv == null ? null : "https://arxiv.org/pdf/" + arxiv, links, phrases);
    }

    /** The id as readers know it: {@code arXiv:<id>}, {@code doi:<doi>}; nothing for a paper known by its title only. */
    public static String label(String id, String arxivId, String doi) {
        if (arxivId != null) {
            return "arXiv:" + arxivId;
        }
        if (doi != null) {
            return "doi:" + doi;
        }
        return PaperIds.readerLabel(id).orElse(null);
    }

    /** The time the paper is dated by: published if the source says, else first seen. */
    Instant date() {
        return Instant.parse(published != null ? published : firstSeen);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
