package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the enrich service's integration tests share: one instance's settings, events, topics, and the check of the closed windows. */
final class EnrichFixtures {
    static final String WINDOWS = "1h:5m";
    static final String GRACE = "1m";

    private EnrichFixtures() { }

    /** An enrich instance on {@code state}, its registry at {@code registryUrl}, short windows and commits, management server on a free port. */
    static Settings settings(LocalStack stack, String registryUrl, String prefix, Path state) {
        return Settings.of(Map.ofEntries(
                Map.entry("bootstrap.servers", stack.bootstrapServers()),
                Map.entry(RegistryConfig.URL, registryUrl),
                Map.entry(Topics.PREFIX_CONFIG, prefix),
                Map.entry("application.id", prefix + "enrich"),
                Map.entry("papertrends.state.dir", state.toString()),
                Map.entry("commit.interval.ms", "200"),
                Map.entry("papertrends.http.host", "127.0.0.1"),
                Map.entry("papertrends.management.port", "0"),
                Map.entry(PopularityConfig.WINDOWS, WINDOWS),
                Map.entry(PopularityConfig.GRACE, GRACE)));
    }

    static PopularityConfig config() {
        return PopularityConfig.from(Settings.of(Map.of(PopularityConfig.WINDOWS, WINDOWS, PopularityConfig.GRACE, GRACE)));
    }

    static PaperEvent event(String paper, String id, EventType type, String user, Instant t) {
        return PaperEvent.newBuilder().setEventId(id).setPaperId(paper).setType(type).setUserId(user).setOccurredAt(t)
                .setSource("test").setReceivedAt(t).build();
    }

    /** The topics an enrich instance reads and writes, two partitions each, events and popularity kept forever. */
    static void createTopics(LocalStack stack, Topics topics) throws Exception {
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            List<NewTopic> created = new ArrayList<>();
            for (TopicSpec<?, ?> t : List.of(topics.papers(), topics.paperEvents(), topics.papersEnriched(), topics.paperPopularity(),
                    topics.enrichDlq())) {
                created.add(new NewTopic(t.name(), 2, (short) 1).configs(t.compacted() ? t.topicConfig() : Map.of("retention.ms", "-1")));
            }
            admin.createTopics(created).all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, created.stream().map(NewTopic::name).toList());
        }
    }

    /** Every window of {@code events} closed by a {@code sentinel:} event holds exactly their brute-force counts, once; returns how many. */
    static int assertClosedWindowsExact(LocalStack stack, Topics topics, List<PaperEvent> events) {
        Map<PopularityIT.Key, long[]> expected = PopularityIT.expectedCounts(events, config());
        Map<PopularityIT.Key, PaperPopularity> finals = new HashMap<>();
        for (ConsumerRecord<String, PaperPopularity> r : TopicReader.readAll(stack, topics.paperPopularity(), Duration.ofSeconds(60))) {
            PaperPopularity p = r.value();
            if (p.getClosed() && !p.getPaperId().startsWith("sentinel:")) {
                PaperPopularity before = finals.put(new PopularityIT.Key(p.getPaperId(), p.getWindow(), p.getWindowStart().toEpochMilli()), p);
                assertThat(before).as("one final value per window").isNull();
            }
        }
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, want) -> {
            PaperPopularity got = finals.get(key);
            assertThat(new long[] {got.getCounts().getViews(), got.getCounts().getDownloads(), got.getCounts().getUpvotes(),
                    got.getCounts().getBookmarks(), got.getCounts().getShares(), got.getCounts().getCitations()})
                    .as("counts of %s", key).containsExactly(java.util.Arrays.copyOf(want, 6));
        });
        return expected.size();
    }
}
