package io.papertrends.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import picocli.CommandLine.Command;

/** {@code papertrends enrich-service}: keyphrases and popularity windows, as in production. */
@Command(name = "enrich-service", mixinStandardHelpOptions = true,
        description = "Run the enrich service: papers -> papers-enriched (keyphrases, code links), paper-events -> paper-popularity; "
                + "/healthz and /metrics on papertrends.management.port (9183, loopback).")
final class EnrichServiceCommand extends StreamsServiceCommand {
    @Override
    String service() {
        return "enrich-service";
    }

    @Override
    void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        EnrichService.run(settings, meters);
    }
}
