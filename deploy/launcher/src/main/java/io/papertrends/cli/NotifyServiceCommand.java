package io.papertrends.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.notify.NotifyService;
import picocli.CommandLine.Command;

/** {@code papertrends notify-service}: subscriptions, digest and alert mails, webhooks, as in production. */
@Command(name = "notify-service", mixinStandardHelpOptions = true,
        description = "Run the notify service: subscriptions (HTTP API on papertrends.http.port, default 8084), daily and weekly digest "
                + "e-mails from trending-digest, alerts on new papers from papers-enriched, signed webhooks; needs papertrends.notify.secret "
                + "and an SMTP server (papertrends.notify.smtp.*); /healthz and /metrics on papertrends.management.port (9184, loopback).")
final class NotifyServiceCommand extends StreamsServiceCommand {
    @Override
    String service() {
        return "notify-service";
    }

    @Override
    void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException {
        NotifyService.run(settings, meters);
    }
}
