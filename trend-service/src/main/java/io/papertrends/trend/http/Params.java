package io.papertrends.trend.http;

import io.papertrends.config.Durations;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.ranking.KeywordSuggestions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of the API's query parameters: every field checked, a 400 with a reason otherwise. */
final class Params {
    static final int MAX_SCOPE = 256;
    static final int MAX_PAPER_ID = 512;
    static final int MAX_QUERY_STRING = 2048;
    /** Longest search query. */
    static final int MAX_SEARCH = 200;
    /** Most papers of a reader list (a day, search results, a topic). */
    static final int MAX_LIST = 200;
    private static final java.util.regex.Pattern CATEGORY = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9.\\-]{0,63}");
    // A scope name as Scopes writes them: no '|' (store key separator), no control characters.
    private static final Pattern SCOPE = Pattern.compile("global|(keyword|category):[^|\\p{Cntrl}]+");

    /** The alias of the shortest window, the board of what is taking off right now. */
    static final String NOW = "now";

    private final List<String> windows;
    private final String defaultWindow;
    private final String now;
    private final int maxLimit;

    /** @param maxLimit the longest ranking kept (top K) */
    Params(List<String> windows, String defaultWindow, int maxLimit) {
        this.windows = List.copyOf(windows);
        this.defaultWindow = defaultWindow;
        this.now = shortest(this.windows);
        this.maxLimit = maxLimit;
    }

    /** The shortest of the windows (named by their length), which {@value #NOW} stands for. */
    static String shortest(List<String> windows) {
        String best = windows.get(0);
        for (String w : windows) {
            if (length(w).compareTo(length(best)) < 0) {
                best = w;
            }
        }
        return best;
    }

    private static Duration length(String window) {
        try {
            return Durations.parse(window);
        } catch (IllegalArgumentException e) {
            return Duration.ofSeconds(Long.MAX_VALUE);
        }
    }

    /** The window {@value #NOW} stands for. */
    String nowWindow() {
        return now;
    }

    List<String> windows() {
        return windows;
    }

    String window(String value) {
        if (value == null || value.isEmpty()) {
            return defaultWindow;
        }
        if (NOW.equals(value)) {
            return now;
        }
        if (!windows.contains(value)) {
            throw QueryException.badRequest("BAD_WINDOW", "window must be one of " + String.join(", ", windows) + " or " + NOW + " (the "
                    + now + " window), got '" + shown(value) + "'");
        }
        return value;
    }

    /** A window filter: null (all windows) when absent. */
    String windowFilter(String value) {
        return value == null || value.isEmpty() ? null : window(value);
    }

    /**
     * A scope as a request gives it, and the stored scope names it may mean, best first: the name
     * itself for {@code global} and {@code category:} scopes; for {@code keyword:} scopes the
     * normalised forms of the phrase ({@link Scopes#keywordForms}), so that "keyword:Graph Neural
     * Networks" means {@code keyword:graph neural network} and a stored form means itself.
     */
    record Scope(String given, List<String> names) {
        Scope {
            names = List.copyOf(names);
        }

        /** The name a query answered from one instance's state asks for (a forwarded query names the stored form). */
        String first() {
            return names.get(0);
        }

        boolean keyword() {
            return given.startsWith(Scopes.KEYWORD_PREFIX);
        }
    }

    Scope scope(String value) {
        if (value == null || value.isEmpty()) {
            return new Scope(Scopes.GLOBAL, List.of(Scopes.GLOBAL));
        }
        if (value.length() > MAX_SCOPE) {
            throw QueryException.badRequest("BAD_SCOPE", "scope must be at most " + MAX_SCOPE + " characters");
        }
        if (!SCOPE.matcher(value).matches() || !value.equals(value.strip())) {
            throw QueryException.badRequest("BAD_SCOPE",
                    "scope must be global, keyword:<phrase> or category:<name> (no '|' or control characters), got '" + shown(value) + "'");
        }
        if (!value.startsWith(Scopes.KEYWORD_PREFIX)) {
            return new Scope(value, List.of(value));
        }
        List<String> forms = Scopes.keywordForms(value.substring(Scopes.KEYWORD_PREFIX.length()));
        if (forms.isEmpty()) {
            throw QueryException.badRequest("BAD_SCOPE", "the keyword of scope '" + shown(value) + "' holds no word");
        }
        return new Scope(value, forms.stream().map(f -> Scopes.KEYWORD_PREFIX + f).toList());
    }

    /** A scope filter: null (all scopes) when absent. */
    Scope scopeFilter(String value) {
        return value == null || value.isEmpty() ? null : scope(value);
    }

    int limit(String value) {
        if (value == null || value.isEmpty()) {
            return Math.min(20, maxLimit);
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw QueryException.badRequest("BAD_LIMIT", "limit must be an integer in 1.." + maxLimit + ", got '" + shown(value) + "'");
        }
        if (limit < 1 || limit > maxLimit) {
            throw QueryException.badRequest("BAD_LIMIT", "limit must be in 1.." + maxLimit + ", got " + limit);
        }
        return limit;
    }

    /** The {@code q} of a keyword search: a keyword as typed or in stored form, with or without {@code keyword:}. */
    String keywordQuery(String value) {
        String q = value == null ? "" : value.strip();
        if (q.startsWith(Scopes.KEYWORD_PREFIX)) {
            q = q.substring(Scopes.KEYWORD_PREFIX.length()).strip();
        }
        if (q.length() > MAX_SCOPE || q.chars().anyMatch(Character::isISOControl) || Scopes.keywordForms(q).isEmpty()) {
            throw QueryException.badRequest("BAD_QUERY", "q must be a keyword of at most " + MAX_SCOPE
                    + " characters holding a word, without control characters, got '" + shown(q) + "'");
        }
        return q;
    }

    /** How many suggestions: 1..{@value KeywordSuggestions#MAX} (default). */
    int suggestionLimit(String value) {
        if (value == null || value.isEmpty()) {
            return KeywordSuggestions.MAX;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= KeywordSuggestions.MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryException.badRequest("BAD_LIMIT", "limit must be an integer in 1.." + KeywordSuggestions.MAX + ", got '" + shown(value) + "'");
    }

    static String paperId(String value) {
        if (value == null || value.isBlank()) {
            throw QueryException.badRequest("BAD_PAPER_ID", "a paper id is required");
        }
        if (value.length() > MAX_PAPER_ID || value.chars().anyMatch(Character::isISOControl)) {
            throw QueryException.badRequest("BAD_PAPER_ID", "a paper id has at most " + MAX_PAPER_ID + " characters and no control characters");
        }
        return value;
    }

    /** A search query: 1..{@value #MAX_SEARCH} characters, no control characters. */
    static String search(String value) {
        if (value == null || value.isBlank()) {
            throw QueryException.badRequest("BAD_QUERY", "q, the words to search for, is required");
        }
        String q = value.strip();
        if (q.length() > MAX_SEARCH || q.chars().anyMatch(Character::isISOControl)) {
            throw QueryException.badRequest("BAD_QUERY", "q must be at most " + MAX_SEARCH + " characters without control characters");
        }
        return q;
    }

    /** A category filter ({@code cs.CL}), or null when absent. */
    static String category(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!CATEGORY.matcher(value.strip()).matches()) {
            throw QueryException.badRequest("BAD_CATEGORY", "category must be a name like cs.CL (letters, digits, '.', '-'), got '" + shown(value) + "'");
        }
        return value.strip();
    }

    /** A day as {@code yyyy-MM-dd} from 1900 to a year after {@code today}, or {@code fallback} when absent. */
    static java.time.LocalDate date(String name, String value, java.time.LocalDate today, java.time.LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            java.time.LocalDate d = java.time.LocalDate.parse(value.strip());
            if (d.isAfter(today.plusYears(1)) || d.getYear() < 1900) {
                throw QueryException.badRequest("BAD_DATE", name + " must be from 1900 to a year from today, got " + d);
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw QueryException.badRequest("BAD_DATE", name + " must be a date like 2026-12-06, got '" + shown(value) + "'");
        }
    }

    /** How many papers of a reader list: 1..{@value #MAX_LIST}, {@code fallback} when absent. */
    static int listLimit(String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIST) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryException.badRequest("BAD_LIMIT", "limit must be an integer in 1.." + MAX_LIST + ", got '" + shown(value) + "'");
    }

    /** A topic as typed or as its normalised form: 1..{@value #MAX_SCOPE} characters with a word. */
    static String topic(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_SCOPE || value.chars().anyMatch(Character::isISOControl)) {
            throw QueryException.badRequest("BAD_TOPIC", "a topic is a keyword of 1.." + MAX_SCOPE + " characters");
        }
        return value.strip();
    }

    private static String shown(String value) {
        String s = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
