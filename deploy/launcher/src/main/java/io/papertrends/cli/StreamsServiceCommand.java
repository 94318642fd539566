package io.papertrends.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.metrics.ServiceMeters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the stream services' commands share: the connection options, {@code --reset}, and running until the process stops. */
abstract class StreamsServiceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--reset", description = "Delete this instance's local state first (it is rebuilt from the changelogs).")
    boolean reset;

    /** The service's name, the {@code application} tag of its metrics. */
    abstract String service();

    /** Runs the service until the process is stopped; throws when processing failed. */
    abstract void run(Settings settings, PrometheusMeterRegistry meters) throws InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = connection.settings(reset);
        run(settings, ServiceMeters.prometheus(service(), settings));
        return 0;
    }
}
