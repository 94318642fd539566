package io.papertrends.notify;

import io.papertrends.stack.LocalStack;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics the notify service reads and writes, created with the contract's layout for one test. */
final class NotifyTopicsFixture {
    private NotifyTopicsFixture() { }

    static void create(LocalStack stack, Topics topics, int partitions) throws Exception {
        List<TopicSpec<?, ?>> specs = List.of(topics.papersEnriched(), topics.trendingDigest(), topics.subscriptions(), topics.notifyPapers(),
                topics.notifyDeliveries(), topics.notifyDlq());
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(specs.stream().map(s -> new NewTopic(s.name(), partitions, (short) 1).configs(s.topicConfig())).toList())
                    .all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, specs.stream().map(TopicSpec::name).toList());
        }
    }
}
