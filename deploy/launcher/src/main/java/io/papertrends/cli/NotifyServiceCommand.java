package io.papertrends.cli;

import io.papertrends.config.Settings;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.notify.NotifyService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code papertrends notify-service}: subscriptions, digest and alert mails, webhooks, as in production. */
@Command(name = "notify-service", mixinStandardHelpOptions = true,
        description = "Run the notify service: subscriptions (HTTP API on papertrends.http.port, default 8084), daily and weekly digest "
                + "e-mails from trending-digest, alerts on new papers from papers-enriched, signed webhooks; needs papertrends.notify.secret "
                + "and an SMTP server (papertrends.notify.smtp.*).")
final class NotifyServiceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reset", description = "Delete this instance's local state first (it is rebuilt from the changelogs).")
    boolean reset;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = connection.settings(reset);
        NotifyService.run(settings, ServiceMeters.prometheus("notify-service", settings));
        return 0;
    }
}
