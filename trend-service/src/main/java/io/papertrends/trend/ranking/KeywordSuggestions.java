package io.papertrends.trend.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Known keywords that a keyword nothing is ranked under may have meant, best first: those that
 * share a word stem with it, have a word it starts (what was typed so far) or one a typo or two
 * away. Both sides are compared in normalised form, so "Graph Neural Netwrks" finds
 * {@code graph neural network}.
 *
 * <p>A known keyword's similarity to a typed one is, over the longer of the two's words, the
 * mean of each typed word's best match among its words: 1 for the same stem, 0.8 when one starts
 * the other (three letters or more), 0.7 for one edit (words of four letters or more) and 0.6
 * for two (eight or more), 0 otherwise. Keywords with some similarity are suggested, the most
 * similar first, then those more papers rank under.
 */
public final class KeywordSuggestions {
    /** Suggestions given at most. */
    public static final int MAX = 10;

    private KeywordSuggestions() { }

    /**
     * A keyword the service ranks papers under.
     *
     * @param normalized its normalised form (the scope name without {@code keyword:})
     * @param phrase     how it reads
     * @param papers     how many papers rank under it
     */
    public record Known(String normalized, String phrase, long papers) { }

    /** A suggested keyword and how similar it is to what was typed (0..1]. */
    public record Suggestion(Known keyword, double similarity) { }

    /**
     * @param forms the normalised forms the typed keyword may mean, each compared
     * @param known the known keywords; one met more than once counts with its most papers
     */
    public static List<Suggestion> suggest(List<String> forms, Collection<Known> known, int limit) {
        Map<String, Known> distinct = new HashMap<>();
        for (Known k : known) {
            distinct.merge(k.normalized(), k, (a, b) -> a.papers() >= b.papers() ? a : b);
        }
        List<Suggestion> out = new ArrayList<>();
        for (Known k : distinct.values()) {
            double best = 0;
            for (String form : forms) {
                best = Math.max(best, similarity(form, k.normalized()));
            }
            if (best > 0) {
                out.add(new Suggestion(k, best));
            }
        }
        out.sort(Comparator.comparingDouble(Suggestion::similarity).reversed()
                .thenComparing(Comparator.comparingLong((Suggestion s) -> s.keyword().papers()).reversed())
                .thenComparing(s -> s.keyword().normalized()));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    /** How similar a known keyword is to a typed one, both normalised: 0 (nothing in common) to 1. */
    static double similarity(String typed, String known) {
        String[] t = words(typed);
        String[] k = words(known);
        if (t.length == 0 || k.length == 0) {
            return 0;
        }
        double sum = 0;
        for (String word : t) {
            double best = 0;
            for (String other : k) {
                best = Math.max(best, wordSimilarity(word, other));
            }
            sum += best;
        }
        return sum / Math.max(t.length, k.length);
    }

    static double wordSimilarity(String a, String b) {
        if (a.equals(b)) {
            return 1;
        }
        int shorter = Math.min(a.length(), b.length());
        if (shorter >= 3 && (a.startsWith(b) || b.startsWith(a))) {
            return 0.8;
        }
        int longer = Math.max(a.length(), b.length());
        int allowed = longer >= 8 ? 2 : longer >= 4 ? 1 : 0;
        if (allowed == 0 || longer - shorter > allowed) {
            return 0;
        }
        int d = editDistance(a, b, allowed);
        return d > allowed ? 0 : d == 1 ? 0.7 : 0.6;
    }

    /** Edits (insert, delete, replace, swap two neighbours) from {@code a} to {@code b}; {@code max + 1} when more than {@code max}. */
    static int editDistance(String a, String b, int max) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return Math.min(d[a.length()][b.length()], max + 1);
    }

    private static String[] words(String s) {
        String trimmed = s.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("[ -]+");
    }
}
