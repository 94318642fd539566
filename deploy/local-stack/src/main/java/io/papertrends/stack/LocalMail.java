package io.papertrends.stack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server on loopback (GreenMail) that accepts every mail for any address and keeps
 * each one as a file, for the demo and local runs of the notify service: {@code NNN-subject.eml}
 * (the mail as sent, for any mail client) and {@code NNN-subject.html} (its HTML part, to open in
 * a browser). Nothing is delivered anywhere else.
 */
public final class LocalMail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalMail.class);

    /** A mail received: its subject, recipients, Message-ID and the files it was saved to. */
    public record Received(String subject, String to, String messageId, Path eml, Path html, String text) { }

    private final GreenMail server;
    private final Path dir;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-mail-saver");
        t.setDaemon(true);
        return t;
    });
    private int saved;

    private LocalMail(GreenMail server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /** Starts the server on {@code 127.0.0.1:port} (0: a free port), saving mails into {@code dir}. */
    public static LocalMail start(int port, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        LocalMail mail = new LocalMail(server, dir);
        mail.saver.scheduleWithFixedDelay(mail::saveNew, 200, 200, TimeUnit.MILLISECONDS);
        log.info("local mail server (SMTP) on 127.0.0.1:{}, mails saved in {}", mail.port(), dir);
        return mail;
    }

    public int port() {
        return server.getSmtp().getPort();
    }

    public Path dir() {
        return dir;
    }

    /** Called with each mail once it is saved (from the saver thread). */
    public void onMail(Consumer<Received> listener) {
        listeners.add(listener);
    }

    /** The mails received so far, saved, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    private synchronized void saveNew() {
        try {
            MimeMessage[] all = server.getReceivedMessages();
            while (saved < all.length) {
                Received r = save(all[saved], existingFiles() + 1);
                saved++;
                received.add(r);
                listeners.forEach(l -> l.accept(r));
            }
        } catch (RuntimeException | IOException | MessagingException e) {
            log.warn("cannot save a received mail: {}", e.toString());
        }
    }

    private long existingFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).count();
        }
    }

    private Received save(MimeMessage m, long number) throws IOException, MessagingException {
        String subject = m.getSubject() == null ? "" : m.getSubject();
        String slug = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String name = String.format(Locale.ROOT, "%03d-%s", number, slug.length() > 50 ? slug.substring(0, 50) : slug);
        Path eml = dir.resolve(name + ".eml");
        try (OutputStream out = Files.newOutputStream(eml)) {
            m.writeTo(out);
        }
        List<String> html = new ArrayList<>();
        List<String> text = new ArrayList<>();
        collect(m.getContent(), m.getContentType(), html, text);
        Path htmlFile = null;
        if (!html.isEmpty()) {
            htmlFile = dir.resolve(name + ".html");
            Files.writeString(htmlFile, html.get(0), StandardCharsets.UTF_8);
        }
        String to = m.getAllRecipients() == null ? "" : String.join(", ", java.util.Arrays.stream(m.getAllRecipients()).map(Object::toString).toList());
        return new Received(subject, to, m.getMessageID(), eml, htmlFile, text.isEmpty() ? "" : text.get(0));
    }

    private static void collect(Object content, String type, List<String> html, List<String> text) throws IOException, MessagingException {
        if (content instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), html, text);
            }
        } else if (content instanceof String s) {
            (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html") ? html : text).add(s);
        }
    }

    @Override
    public void close() {
        saver.shutdown();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveNew();
        server.stop();
    }
}
