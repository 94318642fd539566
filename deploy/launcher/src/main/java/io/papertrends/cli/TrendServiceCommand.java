package io.papertrends.cli;

import io.papertrends.config.Settings;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.trend.TrendService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code papertrends trend-service}: trending scores, ranked updates, keywords, digests and the HTTP side, as in production. */
@Command(name = "trend-service", mixinStandardHelpOptions = true,
        description = "Run the trend service: paper-popularity + papers-enriched -> trending-updates, trending-keywords, trending-digest; "
                + "query API, live stream, Atom feeds and dashboard on papertrends.http.port (default 8082); "
                + "/healthz and /metrics on papertrends.management.port (9182, loopback).")
final class TrendServiceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reset", description = "Delete this instance's local state first (it is rebuilt from the changelogs).")
    boolean reset;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = connection.settings(reset);
        TrendService.run(settings, ServiceMeters.prometheus("trend-service", settings));
        return 0;
    }
}
