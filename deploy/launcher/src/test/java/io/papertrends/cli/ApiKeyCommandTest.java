package io.papertrends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.service.ApiKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyCommandTest {
    @Test
    void shouldPrintANewKeyAndTheEntryThatAcceptsIt() {
        List<String> lines = CommandRun.ok("api-key", "crawler").lines().toList();
        assertThat(lines).hasSize(2);
        String key = lines.get(0);
        assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(lines.get(1)).isEqualTo("crawler:" + ApiKeys.sha256Hex(key)).doesNotContain(key);
        assertThat(ApiKeys.parse(lines.get(1)).match(key)).hasValue("crawler");
        assertThat(CommandRun.ok("api-key", "crawler").lines().findFirst()).isNotEqualTo(key);
    }

    @Test
    void shouldRefuseANameThatCannotBeConfigured() {
        CommandRun run = CommandRun.of("api-key", "two words");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
    }
}
