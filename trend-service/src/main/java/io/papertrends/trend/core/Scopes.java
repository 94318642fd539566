package io.papertrends.trend.core;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Keyphrase;
import io.papertrends.keywords.KeywordNormalizer;
import io.papertrends.trend.ranking.DisplayPhrase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scope names (DESIGN.md): {@code global}, {@code keyword:<normalised phrase>} for a paper's top
 * keyphrases, {@code category:<name>} for its categories.
 */
public final class Scopes {
    public static final String GLOBAL = "global";
    public static final String KEYWORD_PREFIX = "keyword:";
    public static final String CATEGORY_PREFIX = "category:";
    /** How {@code global} reads in answers, feeds and pages. */
    public static final String GLOBAL_DISPLAY = "All papers";

    private Scopes() { }

    /** The scope of a keyphrase, by its normalised form. */
    public static String keyword(String normalizedPhrase) {
        return KEYWORD_PREFIX + clean(normalizedPhrase);
    }

    /**
     * The normalised forms a keyword as a person or client gives it may name, best first; empty
     * when it holds no word. What a person types ("Graph Neural Networks") is normalised as the
     * keyphrase extractor normalises every phrase ({@link KeywordNormalizer}). A form already
     * stored ({@code represent learn}) is tried as given first: Porter stemming is not idempotent
     * ({@code represent learn} normalises again to {@code repres learn}), so a normalised form
     * does not always survive a second pass. Only text that could be a stored form (lower case,
     * single spaces) is tried as given.
     */
    public static List<String> keywordForms(String given) {
        String normalized = clean(KeywordNormalizer.normalize(given));
        if (normalized.isEmpty()) {
            return List.of();
        }
        String asGiven = clean(given);
        if (!asGiven.equals(normalized) && asGiven.equals(given) && asGiven.equals(asGiven.toLowerCase(Locale.ROOT))) {
            return List.of(asGiven, normalized);
        }
        return List.of(normalized);
    }

    /** The scope of a category, e.g. {@code category:cs.CL}. */
    public static String category(String name) {
        return CATEGORY_PREFIX + clean(name);
    }

    /** The scopes of a paper besides {@code global}: its top {@code keyphrases} keyphrases, then its first {@code categories} categories. */
    public static List<String> of(EnrichedPaper paper, int keyphrases, int categories) {
        Set<String> out = new LinkedHashSet<>();
        int k = 0;
        for (Keyphrase phrase : paper.getKeyphrases()) {
            if (k == keyphrases) {
                break;
            }
            String normalized = clean(phrase.getNormalized());
            if (!normalized.isEmpty() && out.add(KEYWORD_PREFIX + normalized)) {
                k++;
            }
        }
        int c = 0;
        for (String category : paper.getPaper().getCategories()) {
            if (c == categories) {
                break;
            }
            String name = clean(category);
            if (!name.isEmpty() && out.add(CATEGORY_PREFIX + name)) {
                c++;
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * How a scope reads: {@value #GLOBAL_DISPLAY}, a category's name, or a keyword's display form
     * ({@link DisplayPhrase}: the form most of {@code perPaper} use), never its stems.
     *
     * @param perPaper the display keyphrases of each paper in the scope, best-ranked paper first
     */
    public static String display(String scope, List<List<String>> perPaper) {
        if (scope.startsWith(KEYWORD_PREFIX)) {
            return DisplayPhrase.choose(scope.substring(KEYWORD_PREFIX.length()), perPaper);
        }
        if (scope.startsWith(CATEGORY_PREFIX)) {
            return scope.substring(CATEGORY_PREFIX.length());
        }
        return GLOBAL.equals(scope) ? GLOBAL_DISPLAY : scope;
    }

    /** Display forms of a paper's top keyphrases. */
    public static List<String> phrases(EnrichedPaper paper, int max) {
        List<String> out = new ArrayList<>();
        for (Keyphrase phrase : paper.getKeyphrases()) {
            if (out.size() == max) {
                break;
            }
            out.add(phrase.getPhrase());
        }
        return out;
    }

    // A scope is the head of digest keys and follows the window in ranking keys: it must not hold the key separator.
    private static String clean(String s) {
        return s == null ? "" : CompositeKey.withoutSeparator(s).trim().replaceAll("\\s+", " ");
    }
}
