package io.papertrends.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.papertrends.bench.SyntheticPapers;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The token-stream read of JSONL records keeps exactly what the whole-tree read gave, and rejects the same texts. */
class JsonRecordsStreamingTest {
    private static final String[] FRAGMENTS = {"{", "}", "[", "]", "\"", ":", ",", "\\", "\\u00e9", "\\q", " ", "null", "1", "-0.5e3",
            "true", "\"title\":", "\"authors\":", "\"id\":", "{\"name\":\"x\"}", "\u00e9", "\u0001", "\t", "1e99999", "00"};
    private static final String[] EDGE_CASES = {
            "", " ", "{}", "[]", "\"title\"", "42", "null", "{\"title\":\"a\"} x", "{\"title\":\"a\"}{}", "{\"title\":\"a\",}",
            "{\"title\":\"a\",\"title\":\"b\"}", "{\"x\":1,\"x\":2}", "{\"x\":{\"a\":1,\"a\":2}}", "{\"authors\":[\"a\",{\"name\":\"b\"},[1]]}",
            "{\"authors\":\"A, B and C\",\"categories\":\"cs.CL  cs.LG\"}", "{\"arxivVersion\":2.5}", "{\"arxivVersion\":99999999999}",
            "{\"userId\":12,\"paperId\":null,\"type\":[\"view\"]}", "{\"title\":\"a\\u0000b\"}", "{\"title\":\"a\nb\"}",
            "{\"unknown\":" + "[".repeat(70) + "]".repeat(70) + "}", "{\"authors\":" + "[".repeat(63) + "]".repeat(63) + "}",
            "{\"authors\":" + "[".repeat(64) + "]".repeat(64) + "}", "{\"n\":" + "9".repeat(1200) + "}", "{\"title\":'a'}",
            "{\"title\":\"a\"", "{\"title\" \"a\"}", "{title:\"a\"}", "{\"title\":\"a\"}   ", "\uFEFF{}", "{\"a\":NaN}",
            "{\"authors\":[{\"name\":\"a\",\"name\":\"b\"}]}", "{\"x\":[[{\"a\":1,\"b\":{\"c\":1,\"c\":2}}]]}", "{\"x\":[[{\"a\":1,\"a\":1}]]}",
            "{" + java.util.stream.IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":" + i).collect(java.util.stream.Collectors.joining(","))
                    + ",\"k7\":0}",
            "{" + java.util.stream.IntStream.range(0, 40).mapToObj(i -> "\"k" + i + "\":" + i).collect(java.util.stream.Collectors.joining(",")) + "}"};

    private final JsonRecords records = new JsonRecords(new RecordValidator(IngestLimits.defaults(), Clock.systemUTC()));

    @Test
    void shouldReadTheSameFieldsAndRejectTheSameTextsAsTheTreeRead() throws IOException {
        List<String> texts = new ArrayList<>(List.of(EDGE_CASES));
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        SyntheticPapers.write(generated, 200, 300, 5);
        List<String> lines = List.of(generated.toString(StandardCharsets.UTF_8).split("\n"));
        texts.addAll(lines);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            texts.add(mutate(lines.get(random.nextInt(lines.size())), random));
        }
        int accepted = 0;
        for (String text : texts) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            Optional<JsonNode> tree = records.readTree(utf8, 0, utf8.length);
            for (Set<String> wanted : List.of(JsonRecords.PAPER_FIELDS, JsonRecords.EVENT_FIELDS)) {
                Optional<JsonNode> fields = records.readFields(utf8, 0, utf8.length, wanted);
                assertThat(fields.isPresent()).as(text).isEqualTo(tree.isPresent());
                if (tree.isPresent() && tree.get().isObject()) {
                    for (String name : wanted) {
                        assertThat(fields.get().get(name)).as(text + " / " + name).isEqualTo(tree.get().get(name));
                    }
                    assertThat(fields.get().size()).as(text).isLessThanOrEqualTo(wanted.size());
                } else if (tree.isPresent()) {
                    assertThat(fields.get()).as(text).isEqualTo(tree.get());
                }
            }
            if (records.paper(utf8, 0, utf8.length, "jsonl").isAccepted()) {
                accepted++;
            }
        }
        // The mutations must leave many records whole and break many others.
        assertThat(accepted).isBetween(2_000, texts.size() - 2_000);
    }

    private static String mutate(String line, SplittableRandom random) {
        StringBuilder sb = new StringBuilder(line);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(sb.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 1 -> sb.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> sb.insert(1, "\"extra\":" + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + ",");
                case 3 -> sb.insert(1, "\"" + List.of("title", "authors", "arxivVersion", "doi", "categories", "url", "id", "abstractText")
                        .get(random.nextInt(8)) + "\":" + List.of("1", "null", "[]", "{}", "\"10.1145/1.2\"", "[\"a\",2]", "true", "\"  \"")
                        .get(random.nextInt(8)) + ",");
                case 4 -> sb.insert(1, "\"meta\":{\"deep\":[1,{\"k\":\"v\"},null]},");
                default -> {
                    // Leave the record whole: a share of the texts must be accepted.
                }
            }
        }
        return sb.toString();
    }
}
