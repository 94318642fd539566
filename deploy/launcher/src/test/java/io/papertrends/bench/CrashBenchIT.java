package io.papertrends.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.cli.CommandRun;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench crash} as a user runs it, small: enrich and trend in their own JVMs are killed
 * with SIGKILL three times and the broker restarts once while a known input flows; every closed
 * window must then hold exactly the brute-force count of the input, once.
 */
class CrashBenchIT {

    @Test
    void everyClosedWindowIsExactAfterKillsAndABrokerRestart() {
        CommandRun run = CommandRun.of("bench", "crash", "--events", "2000", "--kills", "3", "--papers", "30");
        String out = run.out();

        Matcher verdict = Pattern.compile("crash: events=(\\d+) windows=(\\d+) verified=(\\d+) kills=(\\d+) broker-restarts=(\\d+) "
                + "lost=(\\d+) duplicated=(\\d+) mismatched=(\\d+)").matcher(out);
        assertThat(verdict.find()).as(out).isTrue();
        assertThat(Long.parseLong(verdict.group(1))).isEqualTo(2000);
        assertThat(Long.parseLong(verdict.group(2))).as("windows closed").isPositive();
        assertThat(verdict.group(3)).as("all verified").isEqualTo(verdict.group(2));
        assertThat(Integer.parseInt(verdict.group(4))).as("kills").isGreaterThanOrEqualTo(3);
        assertThat(Integer.parseInt(verdict.group(5))).as("broker restarts").isEqualTo(1);
        assertThat(verdict.group(6) + verdict.group(7) + verdict.group(8)).as("lost, duplicated, mismatched").isEqualTo("000");
        assertThat(run.exit()).as(out).isZero();
    }
}
