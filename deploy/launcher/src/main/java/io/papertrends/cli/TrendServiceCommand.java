package io.papertrends.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.trend.TrendService;
import picocli.CommandLine.Command;

/** {@code papertrends trend-service}: trending scores, ranked updates, keywords, digests and the HTTP side, as in production. */
@Command(name = "trend-service", mixinStandardHelpOptions = true,
        description = "Run the trend service: paper-popularity + papers-enriched -> trending-updates, trending-keywords, trending-digest; "
                + "query API, live stream, Atom feeds and dashboard on papertrends.http.port (default 8082); "
                + "/healthz and /metrics on papertrends.management.port (9182, loopback).")
final class TrendServiceCommand extends StreamsServiceCommand {
    @Override
    String service() {
        return "trend-service";
    }

    @Override
    void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        TrendService.run(settings, meters);
    }
}
