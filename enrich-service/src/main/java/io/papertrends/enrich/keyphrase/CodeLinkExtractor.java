package io.papertrends.enrich.keyphrase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds links to code and project pages in an abstract: explicit http(s) URLs, and bare
 * {@code github.com/...}, {@code gitlab.com/...}, {@code huggingface.co/...} and
 * {@code *.github.io} references. Thread-safe and stateless.
 */
public final class CodeLinkExtractor {

    // Abstracts glue URLs to the preceding word ("webpage.https://...") and wrap them in
    // brackets or LaTeX braces, so a URL starts at its scheme or known host, wherever that is.
    private static final Pattern LINK = Pattern.compile(
            "(?i)(?:https?://[^\\s<>\"'\\\\]+"
                    + "|(?<![\\w.-])(?:www\\.)?(?:github\\.com|gitlab\\.com|huggingface\\.co|hf\\.co)/"
                    + "[^\\s<>\"'\\\\]+"
                    + "|(?<![\\w.-])[a-z0-9-]+\\.github\\.io(?:/[^\\s<>\"'\\\\]*)?)");

    private static final String TRAILING = ".,;:!?'\"*`";

    /**
     * The links of an abstract in order of appearance, without duplicates (compared by
     * normalized URL, ignoring the case of the host and a trailing slash).
     */
    public List<CodeLink> extract(String text) {
        if (text == null || !mayHoldLink(text)) {
            return List.of();
        }
        List<CodeLink> links = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String url = normalize(m.group());
            if (url == null) {
                continue;
            }
            String host = host(url);
            if (seen.add(dedupKey(url, host))) {
                links.add(new CodeLink(url, kindOf(host)));
            }
        }
        return List.copyOf(links);
    }

    /**
     * False when {@link #LINK} cannot match: each of its forms holds {@code ://}, {@code .co}
     * (github.com, gitlab.com, huggingface.co, hf.co) or {@code .io} (ASCII case ignored, as the
     * pattern does). Most abstracts have no link, and this scan costs a fraction of the search.
     */
    static boolean mayHoldLink(String text) {
        for (int i = 0; i + 2 < text.length(); i++) {
            char c = text.charAt(i);
            char a = text.charAt(i + 1);
            char b = text.charAt(i + 2);
            if (c == ':' && a == '/' && b == '/') {
                return true;
            }
            if (c == '.' && (b == 'o' || b == 'O') && (a == 'c' || a == 'C' || a == 'i' || a == 'I')) {
                return true;
            }
        }
        return false;
    }

    /** The URL with a scheme and without the punctuation of the sentence around it. */
    static String normalize(String raw) {
        String url = raw;
        boolean changed = true;
        while (changed && !url.isEmpty()) {
            changed = false;
            char last = url.charAt(url.length() - 1);
            if (TRAILING.indexOf(last) >= 0) {
                url = url.substring(0, url.length() - 1);
                changed = true;
            } else if (isUnbalancedCloser(url, last)) {
                url = url.substring(0, url.length() - 1);
                changed = true;
            }
        }
        if (!url.regionMatches(true, 0, "http://", 0, 7)
                && !url.regionMatches(true, 0, "https://", 0, 8)) {
            url = "https://" + url;
        }
        int hostStart = url.indexOf("://") + 3;
        return url.length() > hostStart && url.indexOf('.', hostStart) > 0 ? url : null;
    }

    private static boolean isUnbalancedCloser(String url, char last) {
        char open;
        switch (last) {
            case ')' -> open = '(';
            case ']' -> open = '[';
            case '}' -> open = '{';
            default -> {
                return false;
            }
        }
        int depth = 0;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == last) {
                depth--;
            }
        }
        return depth < 0;
    }

    private static String host(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#:".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String host = url.substring(start, end).toLowerCase(Locale.ROOT);
        return host.startsWith("www.") ? host.substring(4) : host;
    }

    private static String dedupKey(String url, String host) {
        int pathStart = url.indexOf("://") + 3;
        int slash = url.indexOf('/', pathStart);
        String path = slash < 0 ? "" : url.substring(slash);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return host + path;
    }

    private static CodeLink.Kind kindOf(String host) {
        if (host.equals("github.com")) {
            return CodeLink.Kind.GITHUB;
        }
        if (host.equals("gitlab.com") || host.startsWith("gitlab.")) {
            return CodeLink.Kind.GITLAB;
        }
        if (host.equals("huggingface.co") || host.equals("hf.co")) {
            return CodeLink.Kind.HUGGINGFACE;
        }
        return CodeLink.Kind.PROJECT;
    }
}
