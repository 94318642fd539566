package io.papertrends.enrich.keyphrase;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code keyphrases} command: keyphrases for every paper of a JSONL corpus.
 *
 * <p>Corpus statistics are learnt from the whole input before any paper is scored, as the
 * running service would have learnt them from the stream.
 */
public final class KeyphraseTool {

    private KeyphraseTool() {}

    /**
     * Reads {@code {"id","title","abstract"}} lines from {@code input} and writes one
     * {@code {"id","keyphrases":[...]}} line per paper to {@code output}, best phrase first.
     *
     * @param top the most keyphrases per paper
     * @return the number of papers written
     * @throws IOException when the input cannot be read or is not JSONL, or the output cannot be
     *     written
     */
    public static int run(Path input, Path output, int top) throws IOException {
        if (top < 1) {
            throw new IllegalArgumentException("top must be at least 1, got " + top);
        }
        List<PaperRecord> papers = PaperRecord.readAll(input);
        KeyphraseExtractor extractor = new KeyphraseExtractor();
        for (PaperRecord p : papers) {
            extractor.learn(p.title(), p.abstractText());
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (PaperRecord p : papers) {
                ObjectNode line = PaperRecord.JSON.createObjectNode();
                line.put("id", p.id());
                ArrayNode phrases = line.putArray("keyphrases");
                for (Keyphrase k : extractor.extract(p.title(), p.abstractText(), top)) {
                    phrases.add(k.phrase());
                }
                out.write(PaperRecord.JSON.writeValueAsString(line));
                out.write('\n');
            }
        }
        return papers.size();
    }
}
