package io.papertrends.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic papers in the {@code jsonl} input format, for benchmarks: distinct
 * arXiv-style ids, titles and abstracts of realistic length built from a fixed vocabulary,
 * 2–6 authors, 1–3 categories. The same seed gives the same bytes.
 */
public final class SyntheticPapers {
    private static final String[] WORDS = ("model learning neural network language transformer attention graph training data "
            + "representation generation retrieval reasoning benchmark evaluation dataset vision diffusion agent policy reward "
            + "optimization gradient sparse efficient scalable robust adversarial contrastive self-supervised fine-tuning "
            + "inference latency memory token embedding alignment preference instruction multimodal speech translation "
            + "summarization question answering knowledge code program synthesis theorem proof quantum physics protein "
            + "molecule climate forecasting causal uncertainty calibration federated privacy compression distillation").split(" ");
    private static final String[] NAMES = ("Ada Alan Grace Edsger Barbara Donald Leslie Frances Tim Radia Yann Geoffrey Yoshua "
            + "Fei-Fei Andrew Daphne Judea Michael Jeff Sanjay Ilya Oriol Demis Shafi Silvio Cynthia Whitfield Martin").split(" ");
    private static final String[] SURNAMES = ("Lovelace Turing Hopper Dijkstra Liskov Knuth Lamport Allen Berners-Lee Perlman "
            + "LeCun Hinton Bengio Li Ng Koller Pearl Jordan Dean Ghemawat Sutskever Vinyals Hassabis Goldwasser Micali Dwork "
            + "Diffie Hellman").split(" ");
    private static final String[] CATEGORIES = {"cs.CL", "cs.LG", "cs.AI", "cs.CV", "stat.ML", "cs.IR", "cs.RO", "q-bio.BM", "quant-ph"};
    private static final Instant EPOCH = Instant.parse("2020-01-01T00:00:00Z");

    private SyntheticPapers() {
    }

    /**
     * Writes {@code count} papers, one JSON object per line.
     *
     * @param abstractChars approximate abstract length (the arXiv median is about 1000)
     * @return bytes written
     */
    public static long write(OutputStream out, long count, int abstractChars, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        CountingOutputStream counting = new CountingOutputStream(out);
        JsonFactory factory = new JsonFactory();
        try (JsonGenerator json = factory.createGenerator(counting, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            StringBuilder sb = new StringBuilder(abstractChars + 64);
            for (long i = 0; i < count; i++) {
                Fields f = fields(i, random, abstractChars, sb);
                json.writeStartObject();
                json.writeStringField("arxivId", f.arxivId());
                json.writeStringField("title", f.title());
                json.writeStringField("abstract", f.abstractText());
                json.writeArrayFieldStart("authors");
                for (String a : f.authors()) {
                    json.writeString(a);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("categories");
                for (String c : f.categories()) {
                    json.writeString(c);
                }
                json.writeEndArray();
                json.writeStringField("publishedAt", f.publishedAt().toString());
                json.writeEndObject();
                json.flush();
                counting.write('\n');
            }
        }
        return counting.count;
    }

    /** What one synthetic paper says, whatever the format it is written in. */
    record Fields(String arxivId, String title, String abstractText, List<String> authors, List<String> categories, Instant publishedAt) { }

    /** Paper {@code i}; {@code random} is advanced the same way for every format, so a seed gives the same papers in each. */
    static Fields fields(long i, SplittableRandom random, int abstractChars, StringBuilder sb) {
        String title = words(random, sb, 6 + random.nextInt(8), true);
        sb.setLength(0);
        while (sb.length() < abstractChars) {
            sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
        }
        String abstractText = sb.toString().strip();
        int authorCount = 2 + random.nextInt(5);
        List<String> authors = new ArrayList<>(authorCount);
        for (int a = 0; a < authorCount; a++) {
            authors.add(NAMES[random.nextInt(NAMES.length)] + " " + SURNAMES[random.nextInt(SURNAMES.length)]);
        }
        int categoryCount = 1 + random.nextInt(3);
        List<String> categories = new ArrayList<>(categoryCount);
        for (int c = 0; c < categoryCount; c++) {
            categories.add(CATEGORIES[(int) ((i + c) % CATEGORIES.length)]);
        }
        Instant publishedAt = EPOCH.plus(i % 2000, ChronoUnit.DAYS).plusSeconds(random.nextInt(86_400));
        return new Fields(arxivId(i), title, abstractText, authors, categories, publishedAt);
    }

    /** A distinct arXiv-style id per index: 100000 per month from January 2020. */
    static String arxivId(long i) {
        long month = i / 100_000;
        int year = (int) (20 + month / 12);
        int m = (int) (month % 12) + 1;
        return String.format("%02d%02d.%05d", year % 100, m, i % 100_000);
    }

    private static String words(SplittableRandom random, StringBuilder sb, int n, boolean capitalise) {
        sb.setLength(0);
        for (int w = 0; w < n; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            if (capitalise) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                sb.append(word);
            }
            sb.append(' ');
        }
        return sb.toString().strip();
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
