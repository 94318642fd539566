package io.papertrends.stack.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.papertrends.stack.LocalStack;
import io.papertrends.stack.StackSecurity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * Clients a secured {@link LocalStack} must refuse, each asking the cluster for its nodes with
 * short timeouts, so a refusal is an error within seconds and never a hang.
 */
public final class RefusedClients {
    /** How long a refused client may take to give up. */
    public static final Duration GIVE_UP = Duration.ofSeconds(20);

    private RefusedClients() {
    }

    /** TLS with the stack's trust store, but no SASL login: the broker drops it during the handshake. */
    public static Map<String, Object> withoutCredentials(LocalStack stack) {
        Map<String, Object> config = new HashMap<>(stack.clientSettings(StackSecurity.ADMIN));
        config.keySet().removeIf(k -> k.startsWith("sasl.") || k.startsWith("schema.registry."));
        config.put("security.protocol", "SSL");
        return config;
    }

    /** SCRAM as {@code user}, with a password that is not theirs. */
    public static Map<String, Object> wrongPassword(LocalStack stack, String user) {
        Map<String, Object> config = new HashMap<>(stack.clientSettings(user));
        config.keySet().removeIf(k -> k.startsWith("schema.registry."));
        config.put("sasl.jaas.config", StackSecurity.scramJaas(user, "not-" + user + "-password"));
        return config;
    }

    /** The plaintext protocol a client without security settings uses. */
    public static Map<String, Object> plaintext(LocalStack stack) {
        return new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }

    /** Asserts an admin client with {@code config} cannot list the cluster's nodes, and returns why. */
    public static Throwable assertRefused(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6000);
        c.put(AdminClientConfig.RETRIES_CONFIG, 1);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "refused-client");
        long t0 = System.nanoTime();
        Throwable failure;
        try (Admin admin = Admin.create(c)) {
            failure = catchThrowable(() -> admin.describeCluster().nodes().get(GIVE_UP.toSeconds(), TimeUnit.SECONDS));
            admin.close(Duration.ofSeconds(2));
        }
        assertThat(failure).as("a client with %s settings was served", c.get("security.protocol")).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("time to refuse").isLessThan(GIVE_UP);
        return failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Asserts a wrong password is refused as such, not as a timeout. */
    public static void assertWrongPasswordRefused(LocalStack stack, String user) {
        assertThat(assertRefused(wrongPassword(stack, user))).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials");
    }
}
