package io.papertrends.trend.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A page being written: text is escaped on the way in, markup is the caller's own. */
final class Html {
    private final StringBuilder out = new StringBuilder(8192);

    /** Markup as it is: only literals of the caller. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Text, escaped for an element or a quoted attribute. */
    Html text(String text) {
        out.append(escape(text == null ? "" : text));
        return this;
    }

    Html text(Object value) {
        return text(String.valueOf(value));
    }

    /** {@code <tag class="cls">text</tag>}. */
    Html element(String tag, String cls, String text) {
        out.append('<').append(tag);
        if (cls != null) {
            out.append(" class=\"").append(cls).append('"');
        }
        out.append('>');
        text(text);
        out.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <a href="href" class="cls">text</a>}; {@code href} is escaped. */
    Html link(String href, String cls, String text) {
        out.append("<a href=\"").append(escape(href)).append('"');
        if (cls != null) {
            out.append(" class=\"").append(cls).append('"');
        }
        out.append('>');
        text(text);
        out.append("</a>");
        return this;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
