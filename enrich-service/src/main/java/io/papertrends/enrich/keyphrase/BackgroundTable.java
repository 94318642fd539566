package io.papertrends.enrich.keyphrase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in background table: document frequencies of normalized words and phrases in a
 * small body of general scientific text, so a cold extractor already knows that "approach" is
 * common and "langevin" is not. Read-only.
 *
 * <p>Resource format: a first line {@code #documents<TAB>N}, then {@code term<TAB>df} lines.
 */
final class BackgroundTable implements CorpusStats {

    static final String RESOURCE = "background-df.tsv";

    private static final class Holder {
        static final BackgroundTable BUILT_IN = load();
    }

    private final long documents;
    private final Map<String, Integer> frequencies;

    BackgroundTable(long documents, Map<String, Integer> frequencies) {
        this.documents = documents;
        this.frequencies = Map.copyOf(frequencies);
    }

    static BackgroundTable builtIn() {
        return Holder.BUILT_IN;
    }

    @Override
    public long documentCount() {
        return documents;
    }

    @Override
    public long documentFrequency(String normalized) {
        Integer df = frequencies.get(normalized);
        return df == null ? 0 : df;
    }

    @Override
    public void addDocument(Collection<String> normalizedTerms) {
        throw new UnsupportedOperationException("the background table is read-only");
    }

    private static BackgroundTable load() {
        InputStream in = BackgroundTable.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCE);
        }
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long documents = 0;
            Map<String, Integer> frequencies = new HashMap<>();
            String line;
            while ((line = reader.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    continue;
                }
                if (line.startsWith("#documents")) {
                    documents = Long.parseLong(line.substring(tab + 1).trim());
                } else {
                    frequencies.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1).trim()));
                }
            }
            return new BackgroundTable(documents, frequencies);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
