package io.papertrends.trend.api;

import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.TrendingKeywords;
import java.util.List;

/**
 * {@code GET /api/keywords}: trending keyphrases of a window, best first.
 *
 * @param generatedAt when the ranking was computed (ISO-8601), null when nothing is ranked
 */
public record KeywordsView(String window, String generatedAt, List<Keyword> keywords) {
    public KeywordsView {
        keywords = List.copyOf(keywords);
    }

    /**
     * One trending keyphrase.
     *
     * @param scope the {@code keyword:} scope of its papers' ranking
     */
    public record Keyword(int rank, Integer previousRank, String movement, String phrase, String scope, double score, double growth,
                          long papers, long events) { }

    public static KeywordsView empty(String window) {
        return new KeywordsView(window, null, List.of());
    }

    public static KeywordsView of(TrendingKeywords keywords) {
        return new KeywordsView(keywords.getWindow(), keywords.getGeneratedAt().toString(), keywords.getKeywords().stream()
                .map(KeywordsView::keyword).toList());
    }

    private static Keyword keyword(KeywordEntry k) {
        return new Keyword(k.getRank(), k.getPreviousRank(), k.getMovement().name(), k.getPhrase(), "keyword:" + k.getNormalized(),
                k.getScore(), k.getGrowth(), k.getPapers(), k.getEvents());
    }
}
