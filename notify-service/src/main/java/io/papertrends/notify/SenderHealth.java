package io.papertrends.notify;

import io.papertrends.service.Health;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Whether the SMTP server took the last mail: an outage is reported by {@code /healthz}, never treated as bad addresses. */
public final class SenderHealth {
    private record Failure(String reason, Instant since) { }

    private final AtomicReference<Failure> smtp = new AtomicReference<>();

    void smtpFailed(String reason, Instant now) {
        smtp.updateAndGet(f -> f == null ? new Failure(reason, now) : new Failure(reason, f.since()));
    }

    void smtpWorked() {
        smtp.set(null);
    }

    public Health health() {
        Failure f = smtp.get();
        return f == null ? Health.up(Map.of("smtp", "ok"))
                : Health.down("the SMTP server does not take mail since " + f.since() + ": " + f.reason() + "; mails wait and are retried",
                Map.of("smtp", "failing"));
    }
}
