package io.papertrends.enrich.keyphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyphraseToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldWriteKeyphrasesForEveryPaperInInputOrder() throws IOException {
        Path input = dir.resolve("papers.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\":\"p1\",\"title\":\"" + KeyphraseExtractorTest.TITLE + "\",\"abstract\":\""
                        + KeyphraseExtractorTest.ABSTRACT + "\"}",
                "",
                "{\"id\":\"p2\",\"title\":\"Graph coloring\",\"abstract\":\"We color graphs.\"}",
                "{\"id\":\"p3\",\"title\":\"\",\"abstract\":\"\"}"), StandardCharsets.UTF_8);
        Path output = dir.resolve("out/keyphrases.jsonl");

        int written = KeyphraseTool.run(input, output, 5);

        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(3);
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("id").asText()).isEqualTo("p1");
        assertThat(first.get("keyphrases")).hasSize(5);
        assertThat(first.get("keyphrases").get(0).isTextual()).isTrue();
        assertThat(JSON.readTree(lines.get(1)).get("keyphrases").get(0).asText())
                .isEqualToIgnoringCase("graph coloring");
        assertThat(JSON.readTree(lines.get(2)).get("keyphrases")).isEmpty();
    }

    @Test
    void shouldLearnCorpusStatisticsFromTheWholeInputFirst() throws IOException {
        Path input = dir.resolve("papers.jsonl");
        StringBuilder lines = new StringBuilder();
        lines.append("{\"id\":\"target\",\"title\":\"\",\"abstract\":\"Deep learning meets graph"
                + " coloring. Deep learning helps graph coloring.\"}\n");
        for (int i = 0; i < 40; i++) {
            lines.append("{\"id\":\"x").append(i).append("\",\"title\":\"\",\"abstract\":\"Deep"
                    + " learning for task ").append(i).append(".\"}\n");
        }
        Files.writeString(input, lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");

        KeyphraseTool.run(input, output, 1);

        JsonNode first = JSON.readTree(Files.readAllLines(output).get(0));
        assertThat(first.get("keyphrases").get(0).asText()).isEqualToIgnoringCase("graph coloring");
    }

    @Test
    void shouldRejectInputThatIsNotJsonLines() throws IOException {
        Path input = dir.resolve("bad.jsonl");
        Files.writeString(input, "{\"id\":\"ok\",\"abstract\":\"fine\"}\nnot json\n");

        assertThatThrownBy(() -> KeyphraseTool.run(input, dir.resolve("o.jsonl"), 10))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }
}
