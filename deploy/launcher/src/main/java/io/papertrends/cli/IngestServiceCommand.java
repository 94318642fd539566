package io.papertrends.cli;

import io.papertrends.ingest.IngestService;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.service.HttpApi;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code papertrends ingest-service}: the HTTP ingest endpoints, as in production. */
@Command(name = "ingest-service", mixinStandardHelpOptions = true,
        description = "Run the ingest service: POST /papers and POST /events (JSON object or array) on papertrends.http.port (8080); "
                + "/healthz and /metrics on papertrends.management.port (9180, loopback).")
final class IngestServiceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--port", description = "HTTP port of the API (default 8080).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        var settings = connection.settings();
        if (port != null) {
            settings = settings.with(HttpApi.PORT, port.toString());
        }
        IngestService.run(settings, ServiceMeters.prometheus("ingest-service", settings));
        return 0;
    }
}
