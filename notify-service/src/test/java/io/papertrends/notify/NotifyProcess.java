package io.papertrends.notify;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import java.nio.file.Path;

/** The notify service in a process of its own, for tests that kill it: {@code NotifyProcess <settings file>}. */
public final class NotifyProcess {
    private NotifyProcess() { }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.builder().file(Path.of(args[0])).build();
        NotifyService.run(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
}
