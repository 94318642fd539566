package io.papertrends.ingest.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.HarvestCheckpoint;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldTreatARecordFetchedAgainOnTheSameDayUnchangedAsPublished() {
        Progress p = Progress.start();
        p.published("arxiv:1", "2024-01-26", "h1");

        assertThat(p.isNew("arxiv:1", "2024-01-26", "h1")).isFalse();
        assertThat(p.isNew("arxiv:1", "2024-01-26", "h2")).as("changed").isTrue();
        assertThat(p.isNew("arxiv:1", "2024-01-27", "h1")).as("changed again later").isTrue();
        assertThat(p.isNew("arxiv:2", "2024-01-26", "h1")).as("another record").isTrue();
        assertThat(p.isNew("arxiv:1", null, "h1")).as("no datestamp: cannot tell").isTrue();
    }

    @Test
    void shouldKeepOnlyTheRecordsOfTheLatestDatestampOnceAListIsComplete() {
        Progress p = Progress.start();
        p.published("arxiv:1", "2024-01-25", "h1");
        p.published("arxiv:2", "2024-01-26", "h2");
        p.published("arxiv:3", "2024-01-26", Progress.DELETED);
        p.published("arxiv:4", "2024-01-24", "h4");
        p.prune();

        assertThat(p.datestamp).isEqualTo("2024-01-26");
        assertThat(p.seen).containsOnlyKeys("arxiv:2", "arxiv:3");
        assertThat(p.isNew("arxiv:3", "2024-01-26", Progress.DELETED)).isFalse();
    }

    @Test
    void shouldStillKnowTheRecordsOfTheListsFromDayWhenALaterDayComesFirst() {
        Progress p = Progress.start();
        p.published("arxiv:2", "2024-01-26", "h2");
        p.published("arxiv:4", "2024-01-26", "h4");
        p.prune();
        p.listFrom = p.nextFrom("2024-01-25");

        // The list from the 26th: a deletion of the 27th, then records of the 26th already published.
        p.published("arxiv:3", "2024-01-27", Progress.DELETED);
        p.prune();
        assertThat(p.isNew("arxiv:4", "2024-01-26", "h4")).isFalse();
        assertThat(p.isNew("arxiv:2", "2024-01-26", "h2")).isFalse();

        p.listFrom = null;
        p.prune();
        assertThat(p.datestamp).isEqualTo("2024-01-27");
        assertThat(p.seen).containsOnlyKeys("arxiv:3");
    }

    @Test
    void shouldAskTheNextListFromAnUnfinishedListElseTheLastDatestampElseTheConfiguredDay() {
        Progress p = Progress.start();
        assertThat(p.nextFrom("2024-01-25")).isEqualTo("2024-01-25");
        p.published("arxiv:1", "2024-01-26", "h1");
        assertThat(p.nextFrom("2024-01-25")).isEqualTo("2024-01-26");
        p.listFrom = "2024-01-20";
        assertThat(p.nextFrom("2024-01-25")).isEqualTo("2024-01-20");
    }

    @Test
    void shouldRoundTripThroughItsCheckpoint() {
        Progress p = Progress.start();
        p.published("arxiv:1", "2024-01-26", "h1");
        p.resumptionToken = "6960524|1001";
        p.listFrom = "2024-01-25";
        p.etag = "\"v1\"";
        p.records = 3;

        HarvestCheckpoint cp = p.toCheckpoint("csoai", "https://oaipmh.arxiv.org/oai?metadataPrefix=arXiv&set=cs", Instant.EPOCH);
        Progress back = Progress.of(cp);

        assertThat(cp.getSource()).isEqualTo("csoai");
        assertThat(back.sameAs(p)).isTrue();
        back.records++;
        assertThat(back.sameAs(p)).isFalse();
    }
}
