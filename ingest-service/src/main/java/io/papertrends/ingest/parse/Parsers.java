package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.RecordValidator;

/** The parser of each input format, over one validator. */
public final class Parsers {
    private Parsers() {
    }

    /**
     * The paper parser of a paper format.
     *
     * @throws IllegalArgumentException for {@code events-jsonl}, which carries events
     */
    public static RecordParser<Paper> papers(InputFormat format, RecordValidator validator) {
        return switch (format) {
            case HF_PAGE -> new HfPageParser(validator);
            case JSONL -> JsonlParser.papers(new JsonRecords(validator), validator.limits());
            case ARXIV_ATOM -> new ArxivAtomParser(validator);
            case OAI_PMH -> new OaiPmhParser(validator);
            case EVENTS_JSONL -> throw new IllegalArgumentException("events-jsonl carries events, not papers");
        };
    }

    /** The {@code events-jsonl} parser. */
    public static RecordParser<PaperEvent> events(RecordValidator validator) {
        return JsonlParser.events(new JsonRecords(validator), validator.limits());
    }
}
