package io.papertrends.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The command line run in the test's JVM as a user runs it, with what it printed (echoed to the test's output). */
public record CommandRun(int exit, String out) {

    public static CommandRun of(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new PaperTrends()).execute(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        return new CommandRun(exit, out);
    }

    /** What it printed; fails unless it exited 0. */
    public static String ok(String... args) {
        CommandRun run = of(args);
        assertThat(run.exit()).as(run.out()).isZero();
        return run.out();
    }
}
