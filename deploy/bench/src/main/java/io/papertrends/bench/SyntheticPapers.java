package io.papertrends.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
                json.writeStartObject();
                json.writeStringField("arxivId", arxivId(i));
                json.writeStringField("title", words(random, sb, 6 + random.nextInt(8), true));
                sb.setLength(0);
                while (sb.length() < abstractChars) {
                    sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ". " : " ");
                }
                json.writeStringField("abstract", sb.toString().strip());
                json.writeArrayFieldStart("authors");
                int authors = 2 + random.nextInt(5);
                for (int a = 0; a < authors; a++) {
                    json.writeString(NAMES[random.nextInt(NAMES.length)] + " " + SURNAMES[random.nextInt(SURNAMES.length)]);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("categories");
                int categories = 1 + random.nextInt(3);
                for (int c = 0; c < categories; c++) {
                    json.writeString(CATEGORIES[(int) ((i + c) % CATEGORIES.length)]);
                }
                json.writeEndArray();
                json.writeStringField("publishedAt", EPOCH.plus(i % 2000, ChronoUnit.DAYS).plusSeconds(random.nextInt(86_400)).toString());
                json.writeEndObject();
                json.flush();
                counting.write('\n');
            }
        }
        return counting.count;
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
