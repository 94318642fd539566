package io.papertrends.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Paper;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichTopologyTest {
    private final Topics topics = new Topics("", new PlainAvroSerdes());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Topology topology;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Paper> papers;
    private TestOutputTopic<String, EnrichedPaper> enriched;

    @BeforeEach
    void setUp() {
        topology = EnrichTopology.buildTopology(topics, PopularityConfig.defaults(), 10, meters);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props);
        papers = driver.createInputTopic(topics.papers().name(), Serdes.String().serializer(), topics.papers().valueSerde().serializer());
        enriched = driver.createOutputTopic(topics.papersEnriched().name(), Serdes.String().deserializer(),
                topics.papersEnriched().valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static Paper paper(String id, String abstractText, String hash) {
        return Paper.newBuilder().setId(id).setTitle("Neural Networks for Joint Sentence Classification in Medical Paper Abstracts")
                .setAbstractText(abstractText).setSource("jsonl").setContentHash(hash).setIngestedAt(Instant.EPOCH).build();
    }

    @Test
    void shouldEnrichAPaperWithKeyphrasesAndCodeLinks() {
        papers.pipeInput("arxiv:1612.05251", paper("arxiv:1612.05251",
                "Existing models based on artificial neural networks for sentence classification often do not incorporate the context "
                        + "in which sentences appear. We present an ANN architecture that combines sequential sentence classification "
                        + "with structured prediction. Code: https://github.com/Franck-Dernoncourt/NeuroNER.", "h1"));
        EnrichedPaper out = enriched.readValue();
        assertThat(out.getPaper().getId()).isEqualTo("arxiv:1612.05251");
        assertThat(out.getKeyphrases()).hasSizeBetween(1, 10);
        assertThat(out.getKeyphrases()).extracting(k -> k.getNormalized()).doesNotHaveDuplicates();
        assertThat(out.getKeyphrases().toString().toLowerCase()).contains("sentence classification");
        assertThat(out.getCodeLinks()).extracting(l -> l.getKind()).contains("github");
        assertThat(out.getExtractorVersion()).isEqualTo(KeyphraseEnricher.EXTRACTOR_VERSION);
    }

    @Test
    void shouldNotReEmitAnUnchangedPaperButReEnrichAChangedOne() {
        papers.pipeInput("doi:10.1/x", paper("doi:10.1/x", "Graph neural networks for molecule property prediction.", "h1"));
        papers.pipeInput("doi:10.1/x", paper("doi:10.1/x", "Graph neural networks for molecule property prediction.", "h1"));
        assertThat(enriched.readValuesToList()).hasSize(1);
        assertThat(meters.get("papertrends.enrich.papers.unchanged").counter().count()).isEqualTo(1.0);

        papers.pipeInput("doi:10.1/x", paper("doi:10.1/x", "Diffusion models for protein structure generation.", "h2"));
        List<EnrichedPaper> again = enriched.readValuesToList();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).getPaper().getAbstractText()).contains("Diffusion");
    }

    @Test
    void shouldPassATombstoneOnAndEnrichThePaperAgainShouldItComeBack() {
        papers.pipeInput("arxiv:2401.14036", paper("arxiv:2401.14036", "Face aging with diverse and lifespan age transformation.", "h1"));
        assertThat(enriched.readValuesToList()).hasSize(1);

        papers.pipeInput("arxiv:2401.14036", (Paper) null);
        List<org.apache.kafka.streams.KeyValue<String, EnrichedPaper>> deleted = enriched.readKeyValuesToList();
        assertThat(deleted).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("arxiv:2401.14036");
            assertThat(kv.value).isNull();
        });

        papers.pipeInput("arxiv:2401.14036", paper("arxiv:2401.14036", "Face aging with diverse and lifespan age transformation.", "h1"));
        assertThat(enriched.readValuesToList()).as("the same content, after the deletion").hasSize(1);
    }

    @Test
    void shouldNameEveryStoreAndProcessor() {
        String description = topology.describe().toString();
        assertThat(description).contains(EnrichTopology.HASHES_STORE, EnrichTopology.FREQUENCIES_STORE, EnrichTopology.ENRICHER,
                EnrichTopology.PAPERS_SOURCE, EnrichTopology.ENRICHED_SINK, "popularity-windows");
        assertThat(description).doesNotContain("KSTREAM-");
    }
}
