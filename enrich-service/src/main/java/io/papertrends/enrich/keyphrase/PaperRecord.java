package io.papertrends.enrich.keyphrase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of a {@code {id,title,abstract,keyphrases?}} JSONL file. */
record PaperRecord(String id, String title, String abstractText, List<String> keyphrases) {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads every object line of a JSONL file; blank lines are skipped. A line without an id gets
     * its line number as id.
     */
    static List<PaperRecord> readAll(Path input) throws IOException {
        List<PaperRecord> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(input + " line " + number + ": not JSON: " + e.getMessage(), e);
                }
                if (!node.isObject()) {
                    throw new IOException(input + " line " + number + ": expected a JSON object");
                }
                List<String> gold = new ArrayList<>();
                for (JsonNode k : node.path("keyphrases")) {
                    gold.add(k.asText());
                }
                String id = node.hasNonNull("id") ? node.get("id").asText() : String.valueOf(number);
                records.add(new PaperRecord(id, node.path("title").asText(""),
                        node.path("abstract").asText(""), List.copyOf(gold)));
            }
        }
        return records;
    }
}
