package io.papertrends.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.ingest.publish.IngestSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code papertrends ingest --format F FILE…}: publishes papers or events and prints accepted /
 * rejected counts, with a progress bar on standard error for files over 10 MiB in a terminal. Bad records go to {@code ingest-rejects} and never stop the run; the exit
 * code is non-zero only when an input could not be read or Kafka did not take every record.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Publish papers (hf-page, jsonl, arxiv-atom, oai-pmh) or events (events-jsonl) from files, URLs or '-' (stdin).")
final class IngestCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, description = "hf-page, jsonl, arxiv-atom, oai-pmh or events-jsonl.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files (gzip is detected), http(s) URLs, or '-' for stdin.")
    List<String> inputs;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--no-progress", description = "Never show the progress bar.")
    boolean noProgress;

    /** A progress bar on standard error for a large file read from a terminal session. */
    final class ProgressDisplay implements AutoCloseable {
        private static final long LARGE_BYTES = 10L * 1024 * 1024;
        private ProgressBar bar;
        private ScheduledExecutorService ticker;

        void start(IngestSources.Progress progress) {
            if (noProgress || progress.size() < LARGE_BYTES || System.console() == null) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName(Path.of(progress.location()).getFileName().toString())
                    .setInitialMax(progress.size()).setUnit(" MB", 1024 * 1024).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).showSpeed().build();
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ingest-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> bar.stepTo(progress.bytesRead().bytesRead()), 0, 200, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (ticker != null) {
                ticker.shutdownNow();
                ticker = null;
            }
            if (bar != null) {
                bar.stepTo(bar.getMax());
                bar.close();
                bar = null;
            }
        }
    }

    @Override
    public Integer call() {
        InputFormat inputFormat = InputFormat.of(format);
        Settings settings = connection.settings();
        int failures = 0;
        IngestReport total = null;
        try (Ingest ingest = Ingest.open(settings, new SimpleMeterRegistry())) {
            IngestSources sources = ingest.sources();
            for (String input : inputs) {
                try (ProgressDisplay display = new ProgressDisplay()) {
                    IngestReport report = sources.ingest(inputFormat, input, display::start);
                    display.close();
                    System.out.println(input + ": " + report.summary());
                    total = total == null ? report : total.plus(report);
                    if (!report.complete()) {
                        failures++;
                    }
                } catch (IOException | RuntimeException e) {
                    failures++;
                    System.out.println(input + ": could not be ingested: " + e.getMessage());
                }
            }
        }
        if (total != null && inputs.size() > 1) {
            System.out.println("total: " + total.summary());
        }
        return failures == 0 ? 0 : 1;
    }
}
