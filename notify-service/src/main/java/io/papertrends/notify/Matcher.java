package io.papertrends.notify;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Subscription;
import io.papertrends.keywords.KeywordNormalizer;
import java.util.Locale;

/**
 * Whether a new paper matches a subscription: a followed keyword (normalised like the rankings)
 * among its keyphrases or as a phrase of its title or abstract; a followed category among its
 * categories; a followed author among its authors (case and spacing ignored). The global scope
 * alone raises no alerts.
 */
public final class Matcher {
    private Matcher() { }

    /** The display form of the first followed scope or author {@code paper} matches, or null. */
    public static String firstMatch(Subscription s, EnrichedPaper paper) {
        String text = null;
        for (FollowedScope f : s.getScopes()) {
            String scope = f.getScope();
            if (scope.startsWith("keyword:")) {
                String keyword = scope.substring("keyword:".length());
                for (Keyphrase k : paper.getKeyphrases()) {
                    if (k.getNormalized().equals(keyword)) {
                        return f.getDisplay();
                    }
                }
                if (text == null) {
                    text = " " + KeywordNormalizer.normalize(paper.getPaper().getTitle() + " . " + paper.getPaper().getAbstractText()) + " ";
                }
                if (text.contains(" " + keyword + " ")) {
                    return f.getDisplay();
                }
            } else if (scope.startsWith("category:") && paper.getPaper().getCategories().contains(scope.substring("category:".length()))) {
                return f.getDisplay();
            }
        }
        for (String author : s.getAuthors()) {
            String wanted = author.toLowerCase(Locale.ROOT);
            for (String a : paper.getPaper().getAuthors()) {
                if (a.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).equals(wanted)) {
                    return "papers by " + a;
                }
            }
        }
        return null;
    }
}
