package io.papertrends.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.stack.LocalMail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's reader: subscribes {@value #ADDRESS} to the global ranking and to
 * "{@value #KEYWORD}" with a daily digest a couple of minutes from now (local time), opens the
 * confirmation link of the mail that arrives, as a person would, and then publishes a new paper
 * on that keyword through the ingest service, which raises an alert. The previous run's
 * subscription is deleted first, so each run shows a confirmation, a digest and an alert.
 */
final class DemoSubscriber {
    static final String ADDRESS = "reader@example.org";
    static final String KEYWORD = "large language models";
    private static final Pattern CONFIRM = Pattern.compile("(http://\\S+/subscriptions/confirm\\?token=[A-Za-z0-9_.-]+)");
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final int notifyPort;
    private final int ingestPort;
    private final LocalMail mail;
    private final Clock clock;
    private final Consumer<String> say;

    DemoSubscriber(int notifyPort, int ingestPort, LocalMail mail, Clock clock, Consumer<String> say) {
        this.notifyPort = notifyPort;
        this.ingestPort = ingestPort;
        this.mail = mail;
        this.clock = clock;
        this.say = say;
    }

    /**
     * Runs the reader's steps; returns the new subscription's id.
     *
     * @param previous the id of the previous run's subscription, deleted first
     */
    String run(Optional<String> previous) throws IOException, InterruptedException {
        if (previous.isPresent()) {
            send(HttpRequest.newBuilder(uri(notifyPort, "/api/subscriptions/" + previous.get())).DELETE());
        }
        ZoneId zone = ZoneId.systemDefault();
        ZonedDateTime at = ZonedDateTime.now(clock.withZone(zone)).plusMinutes(2).truncatedTo(ChronoUnit.MINUTES);
        String body = "{\"email\":\"" + ADDRESS + "\",\"global\":true,\"keywords\":[\"" + KEYWORD + "\"],\"digest\":\"daily\",\"time\":\""
                + at.format(DateTimeFormatter.ofPattern("HH:mm")) + "\",\"zone\":\"" + zone.getId() + "\",\"alerts\":true,\"maxPapers\":8}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri(notifyPort, "/api/subscriptions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() != 201) {
            throw new IOException("subscribing answered " + created.statusCode() + ": " + created.body());
        }
        String id = json.readTree(created.body()).path("id").asText();
        say.accept("demo reader " + ADDRESS + " subscribed to all papers and \"" + KEYWORD + "\": daily digest at "
                + at.format(DateTimeFormatter.ofPattern("HH:mm")) + " " + zone.getId() + ", alerts on");
        String link = awaitConfirmationLink(id);
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(URI.create(link)).GET());
        if (confirmed.statusCode() != 200) {
            throw new IOException("the confirmation link answered " + confirmed.statusCode());
        }
        say.accept("demo reader opened the confirmation link: subscription confirmed");
        awaitConfirmed(id);
        publishNewPaper();
        return id;
    }

    private String awaitConfirmationLink(String id) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LocalMail.Received r : mail.received()) {
                Matcher m = CONFIRM.matcher(r.text());
                if (r.subject().startsWith("Confirm") && m.find() && m.group(1).contains("token=" + id + ".")) {
                    return m.group(1);
                }
            }
            Thread.sleep(250);
        }
        throw new IOException("no confirmation mail within " + WAIT.toSeconds() + " s");
    }

    private void awaitConfirmed(String id) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(notifyPort, "/api/subscriptions/" + id)).GET());
            if (r.statusCode() == 200 && "confirmed".equals(json.readTree(r.body()).path("status").asText())) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("the subscription was not confirmed within " + WAIT.toSeconds() + " s");
    }

    /** A paper that appeared just now, on the reader's keyword: enrich picks it up, notify alerts. */
    private void publishNewPaper() throws IOException, InterruptedException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String title = "Small Large Language Models Trained Only on Open Data (" + DateTimeFormatter.ISO_INSTANT.format(now) + ")";
        JsonNode paper = json.createObjectNode().put("title", title)
                .put("abstract", "We train compact large language models only on openly licensed text and release the data, code and "
                        + "checkpoints. The models match larger closed models on reasoning benchmarks at a fraction of the inference cost.")
                .put("publishedAt", now.toString())
                .set("authors", json.createArrayNode().add("A. Researcher").add("B. Scientist"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(ingestPort, "/papers")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(paper))));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("ingest answered " + r.statusCode() + ": " + r.body());
        }
        say.accept("a new paper on \"" + KEYWORD + "\" was published: an alert is on its way");
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
