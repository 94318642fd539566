package io.papertrends.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.cli.CommandRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks as a user runs them, at a small size, each on its own embedded stack: they
 * finish, exit 0 and print their figures. Figures are printed, never asserted against a speed.
 */
class BenchCommandIT {

    @Test
    void benchIngestPublishesEveryPaperAndPrintsBothRatesAndTheirRatio() {
        String out = CommandRun.ok("bench", "ingest", "--papers", "3000", "--warmup-rounds", "1", "--rounds", "2");

        assertThat(out).contains("bench ingest: 3,000 papers").contains("1 warm-up and 2 measured round(s)");
        assertThat(out).contains("ingest summary (last round): accepted 3000 (published 3000, unchanged 0), rejected 0");
        Matcher ingest = Pattern.compile("papertrends ingest --format jsonl\\s+([\\d,]+)").matcher(out);
        Matcher tool = Pattern.compile("Kafka producer-performance \\(same lines\\)\\s+([\\d,]+)").matcher(out);
        for (int round = 0; round < 2; round++) {
            assertThat(ingest.find()).as(out).isTrue();
            assertThat(tool.find()).as(out).isTrue();
            assertThat(Long.parseLong(ingest.group(1).replace(",", ""))).isPositive();
            assertThat(Long.parseLong(tool.group(1).replace(",", ""))).isPositive();
        }
        assertThat(out).containsPattern("ingest's own work on one thread, without Kafka .*: \\d+\\.\\d\\d in all; "
                + "the producer's lz4 append of the record, paid by both runs: \\d+\\.\\d\\d");
        assertThat(out).containsPattern("ratio ingest / producer-performance: median \\d+\\.\\d\\d, range \\d+\\.\\d\\d-\\d+\\.\\d\\d over 2 round\\(s\\)");
    }

    @Test
    void benchIngestEventsPublishesEveryEventThroughBothPathsAndPrintsTheirRatios() {
        String out = CommandRun.ok("bench", "ingest", "--events", "--smoke");

        assertThat(out).contains("bench ingest --events: 3,000 reader events").contains("1 warm-up and 2 measured round(s)");
        assertThat(out).contains("events-jsonl summary (last round): accepted 3000 (published 3000, unchanged 0), rejected 0");
        Matcher jsonl = Pattern.compile("papertrends ingest --format events-jsonl\\s+([\\d,]+)").matcher(out);
        Matcher http = Pattern.compile("POST /events \\(8 clients, 500 a request\\)\\s+([\\d,]+)").matcher(out);
        Matcher tool = Pattern.compile("Kafka producer-performance \\((\\d+)-byte records\\)\\s+([\\d,]+)").matcher(out);
        for (int round = 0; round < 2; round++) {
            assertThat(jsonl.find()).as(out).isTrue();
            assertThat(http.find()).as(out).isTrue();
            assertThat(tool.find()).as(out).isTrue();
            assertThat(Long.parseLong(jsonl.group(1).replace(",", ""))).isPositive();
            assertThat(Long.parseLong(http.group(1).replace(",", ""))).isPositive();
            assertThat(Integer.parseInt(tool.group(1))).isBetween(40, 200);
            assertThat(Long.parseLong(tool.group(2).replace(",", ""))).isPositive();
        }
        assertThat(out).containsPattern("ingest's own work on one thread, without Kafka \\(µs an event.*: \\d+\\.\\d\\d in all");
        assertThat(out).containsPattern("ratio events-jsonl / producer-performance: median \\d+\\.\\d\\d, range .* over 2 round\\(s\\)");
        assertThat(out).containsPattern("ratio POST /events / producer-performance: median \\d+\\.\\d\\d, range .* over 2 round\\(s\\)");
    }

    @Test
    void benchKeyphrasesStreamEnrichesEveryPaperAndPrintsItsRateBesideTheExtractorAlone() {
        String out = CommandRun.ok("bench", "keyphrases", "--stream", "--smoke");

        assertThat(out).contains("bench keyphrases --stream: 1,000 papers").contains("1,000 papers published onto");
        assertThat(out).contains("papers-enriched: 1,000 records committed");
        Matcher alone = Pattern.compile("extraction alone, one thread, no Kafka .*?\\s+([\\d,]+)\\s+(\\d+\\.\\d)").matcher(out);
        Matcher stream = Pattern.compile("enrich in the stream, 1 thread .*?\\s+([\\d,]+)\\s+(\\d+\\.\\d)").matcher(out);
        assertThat(alone.find()).as(out).isTrue();
        assertThat(stream.find()).as(out).isTrue();
        assertThat(Long.parseLong(alone.group(1).replace(",", ""))).isPositive();
        assertThat(Long.parseLong(stream.group(1).replace(",", ""))).isPositive();
        assertThat(out).containsPattern("ratio in the stream / alone: \\d+\\.\\d\\d");
    }

    @Test
    void benchPopularityCountsEveryWindowAlikeInBothImplementations() {
        String out = CommandRun.ok("bench", "popularity", "--events", "6000", "--papers", "40", "--hours", "2", "--warmup-events", "2000", "--rounds", "1");

        Matcher compared = Pattern.compile("window counts compared: ([\\d,]+) \\(panes\\) vs ([\\d,]+) \\(DSL\\): identical").matcher(out);
        assertThat(compared.find()).as(out).isTrue();
        assertThat(Long.parseLong(compared.group(1).replace(",", ""))).isPositive();
    }

    @Test
    void benchE2eDrivesEventsThroughThePipelineAndPrintsLatencyAndBothRatios() {
        String out = CommandRun.ok("bench", "e2e", "--smoke");

        assertThat(out).contains("bench e2e: 50 papers").contains("50 papers published and enriched");
        assertThat(out).containsPattern("step\\s+offered/s\\s+sent/s\\s+reflected/s\\s+p50 ms\\s+p99 ms\\s+p99\\.9 ms\\s+max ms");
        assertThat(out).containsPattern("ramp\\s+100\\s+[\\d,]+\\s+[\\d,]+\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+");
        assertThat(out).containsPattern("sent through POST /events [\\d,]+ in [\\d,]+ requests \\(0 failed\\), through events-jsonl [\\d,]+");
        assertThat(out).containsPattern("Kafka producer-performance, \\d+-byte records\\s+[\\d,]+");
        assertThat(out).containsPattern("bare Kafka Streams DSL hopping-window count\\(\\)\\s+[\\d,]+");
        assertThat(out).containsPattern("ratio pipeline / producer ceiling: \\d+\\.\\d{3}; ratio pipeline / bare DSL count: \\d+\\.\\d\\dx");
    }

    @Test
    void benchScaleRunsEnrichAndTrendInTheirOwnJvmsAndPrintsStagesHeapStateAndRestore() {
        String out = CommandRun.ok("bench", "scale", "--smoke");

        assertThat(out).contains("bench scale: 200 papers, 5,000 events over the last 0.5 h");
        assertThat(out).containsPattern("enrich-service, both inputs\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+5,200\\s+[\\d,]+");
        assertThat(out).containsPattern("trend-service, papers-enriched \\+ paper-popularity\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+[\\d,]+\\s+[\\d,]+");
        Matcher popularity = Pattern.compile("paper-popularity: ([\\d,]+) records from 5,000 events").matcher(out);
        assertThat(popularity.find()).as(out).isTrue();
        assertThat(Long.parseLong(popularity.group(1).replace(",", ""))).isPositive();
        for (String service : new String[] {"enrich-service", "trend-service"}) {
            // peak heap, live heap, committed, RSS, GCs, start, restore: all measured, the restore done.
            Matcher row = Pattern.compile(service + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+[\\d,]+\\s+\\d+\\.\\d\\s+(\\d+\\.\\d)")
                    .matcher(out);
            assertThat(row.find()).as(out).isTrue();
            long peakHeap = Long.parseLong(row.group(1).replace(",", ""));
            assertThat(peakHeap).isPositive().isLessThanOrEqualTo(1024);
            assertThat(Long.parseLong(row.group(4).replace(",", ""))).isPositive();
            assertThat(out).containsPattern(service + "\\s+\\(state dir in all; restored\\)\\s+[1-9][\\d,]*\\s+[1-9][\\d,]*");
            assertThat(out).containsPattern(service + " live heap once caught up, after a full collection: \\d+ MiB");
        }
        assertThat(out).containsPattern("enrich-service\\s+popularity-panes-10m\\s+[1-9][\\d,]*\\s+[1-9][\\d,]*");
        assertThat(out).containsPattern("trend-service\\s+trend-rankings\\s+[1-9][\\d,]*\\s+[1-9][\\d,]*");
        assertThat(out).containsPattern("scale: papers=200 events=5000 .* ok");
    }
}
