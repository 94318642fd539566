package io.papertrends.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Channel;
import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Movement;
import io.papertrends.avro.Paper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.notify.deliver.Message;
import io.papertrends.notify.subscribe.LinkTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComposerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    @Test
    void shouldNeverShowAnInternalIdForAPaperWhoseTitleHasNotArrived() {
        // Ranked before enrich passed them on: no title in the digest, no card yet.
        TrendingDigest digest = digest("title:8b2e4b1a7f8dc938", "arxiv:2612.00001", "doi:10.1000/xyz", "title:0123456789abcdef");
        Paper known = Paper.newBuilder().setId("title:0123456789abcdef").setTitle("A Paper With a Card").setAbstractText("Its abstract.")
                .setSource("jsonl").setContentHash("h").setIngestedAt(NOW).build();
        Map<String, EnrichedPaper> cards = Map.of(known.getId(), EnrichedPaper.newBuilder().setPaper(known).setKeyphrases(List.of())
                .setExtractorVersion("t").setEnrichedAt(NOW).build());
        Message m = new Composer(new LinkTokens("a secret of some length".getBytes(StandardCharsets.UTF_8)), "http://notify.example.org")
                .digest(subscription(), "2026-12-06", k -> k.equals("global|2026-12-06") ? digest : null, cards::get, Set.of(), NOW);

        assertThat(m.items()).extracting(Message.Item::title)
                .containsExactly("A paper not described yet", "arXiv:2612.00001", "doi:10.1000/xyz", "A Paper With a Card");
        assertThat(m.subject()).as("named by the first paper whose title is known").isEqualTo("Today in all papers: A Paper With a Card");
        assertThat(m.subject()).doesNotContain("title:");
    }

    private static TrendingDigest digest(String... ids) {
        List<DigestEntry> entries = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            entries.add(DigestEntry.newBuilder().setRank(i + 1).setPreviousRank(null).setMovement(Movement.NEW).setPaperId(ids[i]).setTitle(null)
                    .setUrl(null).setKeyphrases(List.of()).setScore(10.0 - i).build());
        }
        return TrendingDigest.newBuilder().setScope("global").setDate("2026-12-06").setZone("UTC").setWindow("24h").setEntries(entries)
                .setGeneratedAt(NOW.minusSeconds(60)).build();
    }

    private static Subscription subscription() {
        return Subscription.newBuilder().setId("i".repeat(22)).setChannel(Channel.EMAIL).setAddress("a@example.org").setStatus(SubscriptionStatus.CONFIRMED)
                .setScopes(List.of(new FollowedScope("global", "all papers"))).setDigest(DigestFrequency.DAILY).setDigestTime("08:00").setZone("UTC")
                .setAlerts(false).setCreatedAt(NOW).setConfirmedAt(NOW).build();
    }
}
