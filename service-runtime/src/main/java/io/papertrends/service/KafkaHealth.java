package io.papertrends.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster a service uses answers, for {@code /healthz}: every
 * {@code interval} an admin client with the producer's connection settings (bootstrap servers,
 * TLS, SASL) asks the cluster for its nodes. Healthy while the last answer is younger than three
 * intervals, so one slow answer does not flap the probe; a request never waits on a check.
 */
public final class KafkaHealth implements AutoCloseable {
    private final Admin admin;
    private final ScheduledExecutorService timer;
    private final long staleAfterNanos;
    private volatile long lastAnswerNanos;
    private volatile int nodes;
    private volatile String lastError = "no answer from Kafka yet";

    /**
     * @param kafkaConfig the client's settings (only connection, TLS and SASL keys are used)
     * @param interval    how often the cluster is asked
     * @param clientId    names the check's admin client and thread
     */
    public KafkaHealth(Map<String, Object> kafkaConfig, Duration interval, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, interval.toMillis()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, interval.toMillis()));
        // Only what an admin client understands (connection, TLS, SASL), so the producer's settings raise no warnings.
        Map<String, Object> adminConfig = new HashMap<>();
        for (String key : AdminClientConfig.configNames()) {
            if (config.containsKey(key)) {
                adminConfig.put(key, config.get(key));
            }
        }
        this.admin = Admin.create(adminConfig);
        this.staleAfterNanos = 3 * interval.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, clientId);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> check(interval), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Duration interval) {
        try {
            int n = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                    .nodes().get(interval.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
            nodes = n;
            lastAnswerNanos = System.nanoTime();
            lastError = n == 0 ? "Kafka answered with no brokers" : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            lastError = "Kafka did not answer: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
    }

    /** Up while the cluster answered with at least one broker within the last three intervals; {@code kafka.brokers} in the details. */
    public Health health() {
        String problem = problem();
        Map<String, Object> details = Map.of("kafka", Map.of("brokers", nodes));
        return problem == null ? Health.up(details) : Health.down(problem, details);
    }

    /** Healthy: the cluster answered with at least one broker within the last three intervals. */
    boolean healthy() {
        return lastError == null && nodes > 0 && System.nanoTime() - lastAnswerNanos < staleAfterNanos;
    }

    /** The reason it is not healthy, or null. */
    String problem() {
        if (healthy()) {
            return null;
        }
        String error = lastError;
        return error != null ? error : "no answer from Kafka for " + Duration.ofNanos(System.nanoTime() - lastAnswerNanos).toSeconds() + " s";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
