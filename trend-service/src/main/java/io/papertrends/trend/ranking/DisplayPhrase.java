package io.papertrends.trend.ranking;

import io.papertrends.keywords.KeywordNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a keyphrase reads, given its normalised form (lower case, Porter stems, e.g.
 * {@code diffus model}) and the display forms of the papers it was found in (e.g.
 * {@code Diffusion Models}): the display form most of those papers use, ties going to the
 * best-ranked paper's. Scopes, answers, feeds and pages show this form, never the stems.
 *
 * <p>A paper's display form is the first of its phrases that normalises to the normalised form
 * ({@link KeywordNormalizer}, the analysis the keyphrase extractor computed it with). For phrases
 * stored before that analysis was shared, a looser match follows: as many words, each starting
 * with its stem, allowing the stem's last letter to differ ({@code studies} → {@code studi},
 * {@code happy} → {@code happi}): a stemmer's output is a word's prefix up to such a final
 * change. When no paper has a matching form, the normalised form is shown.
 */
public final class DisplayPhrase {
    private DisplayPhrase() { }

    /**
     * @param normalized  the normalised phrase
     * @param perPaper    the display keyphrases of each paper, best-ranked paper first
     */
    public static String choose(String normalized, List<List<String>> perPaper) {
        String[] stems = words(normalized);
        List<String> matched = new ArrayList<>();
        Map<String, Integer> votes = new HashMap<>();
        for (List<String> phrases : perPaper) {
            String phrase = match(phrases, normalized, stems);
            if (phrase != null) {
                matched.add(phrase);
                votes.merge(phrase, 1, Integer::sum);
            }
        }
        int most = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (String phrase : matched) {
            if (votes.get(phrase) == most) {
                return phrase;
            }
        }
        return normalized;
    }

    /** The paper's phrase that reads {@code normalized}: one that normalises to it, else one that matches its stems; null when none. */
    private static String match(List<String> phrases, String normalized, String[] stems) {
        for (String phrase : phrases) {
            if (KeywordNormalizer.normalize(phrase).equals(normalized)) {
                return phrase;
            }
        }
        for (String phrase : phrases) {
            if (matches(phrase, stems)) {
                return phrase;
            }
        }
        return null;
    }

    static boolean matches(String phrase, String[] stems) {
        String[] words = words(phrase);
        if (words.length != stems.length || words.length == 0) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            String s = stems[i];
            int common = 0;
            while (common < w.length() && common < s.length() && w.charAt(common) == s.charAt(common)) {
                common++;
            }
            if (common < s.length() && !(common == s.length() - 1 && common > 0)) {
                return false;
            }
        }
        return true;
    }

    private static String[] words(String s) {
        String trimmed = s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" ");
    }
}
