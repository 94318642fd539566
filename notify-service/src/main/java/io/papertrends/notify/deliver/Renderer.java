package io.papertrends.notify.deliver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders notifications: the mail's text and HTML parts from Mustache templates
 * ({@code templates/mail.txt.mustache}, {@code templates/mail.html.mustache}; {@code {{…}}}
 * escapes HTML in the HTML part, so a title like {@code <script>} arrives as text), and the
 * webhook's JSON.
 */
public final class Renderer {
    private final Mustache html;
    private final Mustache text;
    private final ObjectMapper json = new ObjectMapper();

    public Renderer() {
        this.html = new DefaultMustacheFactory("templates").compile("mail.html.mustache");
        this.text = new DefaultMustacheFactory("templates") {
            @Override
            public void encode(String value, Writer writer) {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }.compile("mail.txt.mustache");
    }

    public String html(Message message) {
        return render(html, message);
    }

    public String text(Message message) {
        return render(text, message);
    }

    private static String render(Mustache template, Message message) {
        StringWriter out = new StringWriter();
        template.execute(out, Map.of("m", message, "hasItems", !message.items().isEmpty()));
        return out.toString();
    }

    /** The webhook payload: what the mail says, as data. */
    public String json(Message message, Instant sentAt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", message.kind());
        out.put("id", message.id());
        out.put("subscriptionId", message.subscriptionId());
        out.put("period", message.period());
        out.put("subject", message.subject());
        out.put("papers", message.items());
        out.put("sentAt", sentAt.toString());
        try {
            return json.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification is plain data", e);
        }
    }
}
