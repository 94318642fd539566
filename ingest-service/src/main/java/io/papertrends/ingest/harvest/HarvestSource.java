package io.papertrends.ingest.harvest;

import io.papertrends.config.Settings;
import io.papertrends.ingest.parse.InputFormat;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source the ingest service follows on a schedule, from the settings:
 *
 * <ul>
 *   <li>{@value #SOURCES}: the names of the sources, comma-separated; letters and digits only, so
 *       that each key can also be set from the environment ({@code PAPERTRENDS_INGEST_SOURCE_CSOAI_URL});</li>
 *   <li>{@code papertrends.ingest.source.<name>.format}: {@code oai-pmh} (an OAI-PMH endpoint,
 *       harvested with {@code ListRecords} from the last datestamp) or {@code arxiv-atom} (an arXiv
 *       announcement feed in RSS or Atom, fetched when it changed);</li>
 *   <li>{@code .url}: the OAI-PMH endpoint ({@code https://oaipmh.arxiv.org/oai}) or the feed's URL
 *       ({@code https://rss.arxiv.org/rss/cs.LG});</li>
 *   <li>{@code .interval}: how often to look (default {@value #DEFAULT_INTERVAL}; arXiv announces once a day);</li>
 *   <li>OAI-PMH only: {@code .set} (e.g. {@code cs}, {@code physics:hep-th}; default every set),
 *       {@code .metadata.prefix} (default {@code arXiv}; {@code oai_dc} also reads) and {@code .from}
 *       (the datestamp of the first harvest, default yesterday).</li>
 * </ul>
 *
 * @param name           the source's name; it keys its checkpoint
 * @param format         {@link InputFormat#OAI_PMH} or {@link InputFormat#ARXIV_ATOM}
 * @param url            the endpoint or feed
 * @param set            OAI-PMH set, or null for all
 * @param metadataPrefix OAI-PMH metadata format
 * @param from           OAI-PMH datestamp to start from when there is no checkpoint
 * @param interval       time between two looks
 */
public record HarvestSource(String name, InputFormat format, String url, String set, String metadataPrefix, String from,
                            Duration interval) {
    public static final String SOURCES = "papertrends.ingest.sources";
    public static final String PREFIX = "papertrends.ingest.source.";
    public static final String DEFAULT_INTERVAL = "6h";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");

    public HarvestSource {
        Objects.requireNonNull(name);
        Objects.requireNonNull(format);
        Objects.requireNonNull(url);
        Objects.requireNonNull(interval);
        if (format != InputFormat.OAI_PMH && format != InputFormat.ARXIV_ATOM) {
            throw new IllegalArgumentException(PREFIX + name + ".format: a source is oai-pmh or arxiv-atom, not " + format);
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(PREFIX + name + ".interval must be positive");
        }
    }

    /** The sources configured in {@code settings} (none when {@value #SOURCES} is not set). */
    public static List<HarvestSource> from(Settings settings, Clock clock) {
        String names = settings.get(SOURCES, "").strip();
        if (names.isEmpty()) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<HarvestSource> out = new ArrayList<>();
        for (String raw : names.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(SOURCES + ": source name '" + name + "' must be lower-case letters and digits");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException(SOURCES + ": source '" + name + "' named twice");
            }
            String key = PREFIX + name + ".";
            InputFormat format = InputFormat.of(settings.require(key + "format"));
            String url = settings.require(key + "url").strip();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException(key + "url must be an http(s) URL, got '" + url + "'");
            }
            String yesterday = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1).toString();
            out.add(new HarvestSource(name, format, url, settings.get(key + "set").map(String::strip).orElse(null),
                    settings.get(key + "metadata.prefix", "arXiv").strip(), settings.get(key + "from", yesterday).strip(),
                    settings.getDuration(key + "interval", DEFAULT_INTERVAL)));
        }
        return List.copyOf(out);
    }

    /**
     * What the source harvests, as its checkpoint records it: the feed's URL, or the OAI-PMH
     * endpoint with its metadata format and set. A checkpoint of another identity is not resumed.
     */
    public String identity() {
        if (format == InputFormat.ARXIV_ATOM) {
            return url;
        }
        return url + "?metadataPrefix=" + encode(metadataPrefix) + (set == null ? "" : "&set=" + encode(set));
    }

    /** The first request of an OAI-PMH list of the records changed since {@code fromDatestamp} (inclusive). */
    public URI listRecords(String fromDatestamp) {
        return URI.create(url + (url.contains("?") ? "&" : "?") + "verb=ListRecords&metadataPrefix=" + encode(metadataPrefix)
                + (set == null ? "" : "&set=" + encode(set)) + "&from=" + encode(fromDatestamp));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
