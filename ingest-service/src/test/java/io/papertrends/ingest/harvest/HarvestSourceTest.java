package io.papertrends.ingest.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.config.Settings;
import io.papertrends.ingest.parse.InputFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarvestSourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldReadTheConfiguredSourcesWithTheirDefaults() {
        Settings settings = Settings.of(Map.of(HarvestSource.SOURCES, "csoai, cslg",
                "papertrends.ingest.source.csoai.format", "oai-pmh",
                "papertrends.ingest.source.csoai.url", "https://oaipmh.arxiv.org/oai",
                "papertrends.ingest.source.csoai.set", "cs",
                "papertrends.ingest.source.csoai.interval", "12h",
                "papertrends.ingest.source.cslg.format", "arxiv-atom",
                "papertrends.ingest.source.cslg.url", "https://rss.arxiv.org/rss/cs.LG"));

        var sources = HarvestSource.from(settings, CLOCK);

        assertThat(sources).hasSize(2);
        HarvestSource oai = sources.get(0);
        assertThat(oai.format()).isEqualTo(InputFormat.OAI_PMH);
        assertThat(oai.interval()).isEqualTo(Duration.ofHours(12));
        assertThat(oai.from()).as("yesterday").isEqualTo("2026-12-05");
        assertThat(oai.listRecords("2026-12-05").toString())
                .isEqualTo("https://oaipmh.arxiv.org/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2026-12-05");
        assertThat(oai.identity()).isEqualTo("https://oaipmh.arxiv.org/oai?metadataPrefix=arXiv&set=cs");
        assertThat(sources.get(1).interval()).isEqualTo(Duration.ofHours(6));
        assertThat(sources.get(1).identity()).isEqualTo("https://rss.arxiv.org/rss/cs.LG");
    }

    @Test
    void shouldHaveNoSourcesUnlessConfigured() {
        assertThat(HarvestSource.from(Settings.of(Map.of()), CLOCK)).isEmpty();
    }

    @Test
    void shouldRejectNamesTheEnvironmentCannotSetAndSourcesWithoutUrlOrWithAnotherFormat() {
        assertThatThrownBy(() -> HarvestSource.from(Settings.of(Map.of(HarvestSource.SOURCES, "cs-oai")), CLOCK))
                .hasMessageContaining("'cs-oai' must be lower-case letters and digits");
        assertThatThrownBy(() -> HarvestSource.from(Settings.of(Map.of(HarvestSource.SOURCES, "cs",
                "papertrends.ingest.source.cs.format", "oai-pmh")), CLOCK)).hasMessageContaining("papertrends.ingest.source.cs.url");
        assertThatThrownBy(() -> HarvestSource.from(Settings.of(Map.of(HarvestSource.SOURCES, "cs",
                "papertrends.ingest.source.cs.format", "jsonl", "papertrends.ingest.source.cs.url", "https://example.org/x")), CLOCK))
                .hasMessageContaining("oai-pmh or arxiv-atom");
    }
}
