package io.papertrends.ingest.fetch;

import io.papertrends.ingest.parse.OaiPmhParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;

/**
 * Harvests an OAI-PMH list page by page: fetches the first request, hands each page to a
 * handler (which parses and publishes it and returns the page's resumption token), and follows
 * the tokens until the repository says the list is complete.
 *
 * <pre>{@code
 * harvester.harvest("https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2024-03-01",
 *         (page, url) -> publisher.ingest(oaiParser, page, url).parse().resumptionToken());
 * }</pre>
 */
public final class OaiHarvester {
    /** Handles one page; returns its resumption token, or {@code null} on the last page. */
    @FunctionalInterface
    public interface PageHandler {
        String handle(InputStream page, String url) throws IOException;
    }

    private final FeedFetcher fetcher;
    private final int maxPages;

    /**
     * @param maxPages a bound on the pages of one harvest, against a repository that never ends its list
     */
    public OaiHarvester(FeedFetcher fetcher, int maxPages) {
        this.fetcher = Objects.requireNonNull(fetcher);
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1");
        }
        this.maxPages = maxPages;
    }

    /**
     * Harvests from {@code firstRequest} (a full {@code ListRecords} URL) until no resumption token is left.
     *
     * @return the number of pages fetched
     * @throws IOException when a page cannot be fetched or read; the pages before it were handled
     */
    public int harvest(String firstRequest, PageHandler handler) throws IOException {
        String baseUrl = baseUrl(firstRequest);
        String url = firstRequest;
        int pages = 0;
        while (url != null) {
            if (pages == maxPages) {
                throw new IOException("stopped after " + maxPages + " pages; the list continues at " + url);
            }
            String token;
            try (InputStream page = fetcher.open(URI.create(url))) {
                token = handler.handle(page, url);
            }
            pages++;
            url = token == null ? null : OaiPmhParser.nextPageUrl(baseUrl, token);
        }
        return pages;
    }

    /** The endpoint of a request URL: everything before the query. */
    static String baseUrl(String request) {
        int q = request.indexOf('?');
        return q < 0 ? request : request.substring(0, q);
    }
}
