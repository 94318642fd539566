package io.papertrends.cli;

import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.metrics.ServiceMeters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code papertrends enrich-service}: keyphrases and popularity windows, as in production. */
@Command(name = "enrich-service", mixinStandardHelpOptions = true,
        description = "Run the enrich service: papers -> papers-enriched (keyphrases, code links), paper-events -> paper-popularity; "
                + "/healthz and /metrics on papertrends.management.port (9183, loopback).")
final class EnrichServiceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reset", description = "Delete this instance's local state first (it is rebuilt from the changelogs).")
    boolean reset;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = connection.settings(reset);
        EnrichService.run(settings, ServiceMeters.prometheus("enrich-service", settings));
        return 0;
    }
}
