package io.papertrends.ingest.parse;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input formats of DESIGN.md, by the names the CLI's {@code --format} takes. */
public enum InputFormat {
    /** Text of a papers listing page: header lines, then alternating title and abstract lines. */
    HF_PAGE("hf-page", false),
    /** One JSON paper object per line. */
    JSONL("jsonl", false),
    /** arXiv API Atom results, and arXiv announcement feeds in Atom or RSS 2.0. */
    ARXIV_ATOM("arxiv-atom", false),
    /** OAI-PMH {@code ListRecords} responses with {@code arXiv} or {@code oai_dc} metadata. */
    OAI_PMH("oai-pmh", false),
    /** One JSON reader-activity event per line. */
    EVENTS_JSONL("events-jsonl", true);

    private final String id;
    private final boolean events;

    InputFormat(String id, boolean events) {
        this.id = id;
        this.events = events;
    }

    /** The name used on the command line and in {@code Paper.source} / {@code RejectedRecord.format}. */
    public String id() {
        return id;
    }

    /** Whether the format carries reader events rather than papers. */
    public boolean isEvents() {
        return events;
    }

    /** The format of a name, in any case; fails naming the accepted ones. */
    public static InputFormat of(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (InputFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown input format '" + name + "'; expected one of "
                + Arrays.stream(values()).map(InputFormat::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
