package io.papertrends.trend.core;

import io.papertrends.ids.PaperIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a person reads a paper: the landing page its source gave (an absolute http or https URL),
 * else its reader page by the contract's id rule ({@link PaperIds#readerUrl}: its arXiv abstract
 * or DOI resolver page); null when there is neither (a {@code title:} id without a URL).
 */
public final class LandingPage {
    private LandingPage() { }

    public static String of(String ownUrl, String paperId) {
        if (ownUrl != null && isWebPage(ownUrl.strip())) {
            return ownUrl.strip();
        }
        return PaperIds.readerUrl(paperId).orElse(null);
    }

    // Ingest accepts only such URLs; checked again because any producer may write papers-enriched.
    private static boolean isWebPage(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
