package io.papertrends.enrich.keyphrase;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Regenerates the built-in background table ({@value BackgroundTable#RESOURCE}) from plain text
 * of scientific writing: every line of at least {@value #MIN_WORDS} words is one document
 * (shorter lines, such as titles and headers, are skipped). Only single words are kept: they
 * carry the general language of science (approach, propose, performance), whereas phrases name
 * the topics of the particular papers and would bias a cold start towards their field. Words
 * found in fewer than {@value #MIN_DF} documents are left out as well.
 *
 * <p>Usage: {@code BackgroundTableGenerator OUTPUT.tsv INPUT.txt...}. The shipped table was
 * generated from the abstracts of the bundled sample page ({@code ingest-service/src/main/resources/samples/hf-papers-page.txt}); never feed it
 * gold keyphrases of an evaluation set.
 */
final class BackgroundTableGenerator {

    static final int MIN_WORDS = 40;
    static final int MIN_DF = 2;

    private BackgroundTableGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: BackgroundTableGenerator OUTPUT.tsv INPUT.txt...");
            System.exit(2);
        }
        InMemoryCorpusStats counts = new InMemoryCorpusStats();
        KeyphraseExtractor extractor = new KeyphraseExtractor(counts);
        Map<String, Integer> table = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
                if (line.split("\\s+").length < MIN_WORDS) {
                    continue;
                }
                for (String term : extractor.corpusTerms("", line)) {
                    if (term.indexOf(' ') < 0) {
                        table.merge(term, 1, Integer::sum);
                    }
                }
                counts.addDocument(Set.of());
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            out.write("#documents\t" + counts.documentCount() + "\n");
            for (Map.Entry<String, Integer> e : table.entrySet()) {
                if (e.getValue() >= MIN_DF) {
                    out.write(e.getKey() + "\t" + e.getValue() + "\n");
                }
            }
        }
    }
}
