package io.papertrends.enrich;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.papertrends.avro.CodeLink;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import io.papertrends.enrich.keyphrase.CodeLinkExtractor;
import io.papertrends.enrich.keyphrase.CorpusStats;
import io.papertrends.enrich.keyphrase.KeyphraseExtractor;
import io.papertrends.streams.KeyValueWriteBackStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code Paper} → {@code EnrichedPaper}: ranked keyphrases and code links. A paper published
 * again with the same content hash is not re-emitted; a changed paper is enriched again; a
 * tombstone (a paper deleted at its source) is passed on as a tombstone. A paper counts once in
 * the document frequencies, when first seen.
 *
 * <p>A paper over {@value #MAX_PAPER_CHARS} characters of title, abstract and authors (ten times
 * what ingest accepts by default), or keyed by something other than its id, is refused: it can
 * only come from a producer other than ingest, and its enriched record could exceed what a
 * producer request carries. The service dead-letters it.
 */
final class KeyphraseEnricher implements Processor<String, Paper, String, EnrichedPaper> {
    static final String EXTRACTOR_VERSION = "papertrends-keyphrases-1";
    static final int MAX_PAPER_CHARS = 200_000;

    private final int topN;
    private final CodeLinkExtractor codeLinks = new CodeLinkExtractor();
    private final Timer extraction;
    private final Counter unchanged;
    private ProcessorContext<String, EnrichedPaper> context;
    private KeyValueStore<String, String> hashes;
    private KeyphraseExtractor extractor;

    KeyphraseEnricher(int topN, MeterRegistry meters) {
        this.topN = topN;
        this.extraction = Timer.builder("papertrends.enrich.keyphrase.extraction")
                .description("Time to extract the keyphrases and code links of one paper").register(meters);
        this.unchanged = Counter.builder("papertrends.enrich.papers.unchanged")
                .description("Papers published again unchanged, not re-emitted").register(meters);
    }

    @Override
    public void init(ProcessorContext<String, EnrichedPaper> context) {
        this.context = context;
        this.hashes = context.getStateStore(EnrichTopology.HASHES_STORE);
        KeyValueWriteBackStore<String, Long> frequencies = context.getStateStore(EnrichTopology.FREQUENCIES_STORE);
        this.extractor = new KeyphraseExtractor(CorpusStats.withBackground(new StoreCorpusStats(frequencies)));
    }

    @Override
    public void process(Record<String, Paper> record) {
        Paper paper = record.value();
        if (paper == null) {
            // A tombstone: the paper was deleted at its source. Passed on, so it leaves papers-enriched and
            // the rankings too; its hash is dropped, so the paper is enriched again should it come back.
            if (record.key() != null) {
                hashes.delete(record.key());
                context.forward(record.withValue(null));
            }
            return;
        }
        if (!paper.getId().equals(record.key())) {
            throw new IllegalArgumentException("a papers record keyed " + (record.key() == null ? "by nothing" : "'" + record.key() + "'")
                    + " holds paper '" + paper.getId() + "': papers are keyed by their id (as ingest publishes them)");
        }
        long chars = (long) paper.getTitle().length() + paper.getAbstractText().length()
                + paper.getAuthors().stream().mapToLong(String::length).sum();
        if (chars > MAX_PAPER_CHARS) {
            throw new IllegalArgumentException("paper '" + paper.getId() + "' has " + chars + " characters of title, abstract and authors, over "
                    + MAX_PAPER_CHARS + ": not enriched");
        }
        String previous = hashes.get(record.key());
        if (paper.getContentHash().equals(previous)) {
            unchanged.increment();
            return;
        }
        EnrichedPaper enriched = extraction.record(() -> {
            // A paper seen for the first time counts in the document frequencies before it is scored.
            var extracted = previous == null ? extractor.learnAndExtract(paper.getTitle(), paper.getAbstractText(), topN)
                    : extractor.extract(paper.getTitle(), paper.getAbstractText(), topN);
            List<Keyphrase> phrases = new ArrayList<>();
            for (var k : extracted) {
                phrases.add(Keyphrase.newBuilder().setPhrase(k.phrase()).setNormalized(k.normalized()).setScore(k.score()).build());
            }
            List<CodeLink> links = new ArrayList<>();
            for (var l : codeLinks.extract(paper.getAbstractText())) {
                links.add(CodeLink.newBuilder().setUrl(l.url()).setKind(l.kind().label()).build());
            }
            return EnrichedPaper.newBuilder().setPaper(paper).setKeyphrases(phrases).setCodeLinks(links)
                    .setExtractorVersion(EXTRACTOR_VERSION).setEnrichedAt(Instant.now()).build();
        });
        hashes.put(record.key(), paper.getContentHash());
        context.forward(record.withValue(enriched));
    }
}
