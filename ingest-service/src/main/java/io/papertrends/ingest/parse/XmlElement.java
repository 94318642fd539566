package io.papertrends.ingest.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One XML element of a feed record, read into memory (only one record at a time is), with the
 * few queries the feed mappings need. Children are matched by local name: feed elements are
 * unambiguous by local name within an entry.
 */
final class XmlElement {
    final String namespace;
    final String localName;
    final String prefix;
    final int line;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlElement> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    XmlElement(String namespace, String localName, String prefix, int line) {
        this.namespace = namespace == null ? "" : namespace;
        this.localName = localName;
        this.prefix = prefix == null ? "" : prefix;
        this.line = line;
    }

    /** Direct character content. */
    String text() {
        return text.toString();
    }

    /** Character content of this element and all below it, in document order. */
    String deepText() {
        if (children.isEmpty()) {
            return text();
        }
        StringBuilder sb = new StringBuilder();
        appendDeep(sb);
        return sb.toString();
    }

    private void appendDeep(StringBuilder sb) {
        sb.append(text);
        for (XmlElement c : children) {
            sb.append(' ');
            c.appendDeep(sb);
        }
    }

    String attribute(String local) {
        return attributes.get(local);
    }

    /** First child with this local name, or {@code null}. */
    XmlElement child(String local) {
        for (XmlElement c : children) {
            if (c.localName.equals(local)) {
                return c;
            }
        }
        return null;
    }

    /** First child with this local name in this namespace, or {@code null}. */
    XmlElement child(String ns, String local) {
        for (XmlElement c : children) {
            if (c.localName.equals(local) && c.namespace.equals(ns)) {
                return c;
            }
        }
        return null;
    }

    /** Deep text of the first child with this local name, or {@code null}. */
    String childText(String local) {
        XmlElement c = child(local);
        return c == null ? null : c.deepText();
    }

    List<XmlElement> children(String local) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.localName.equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Deep texts of the children with this local name. */
    List<String> childTexts(String local) {
        List<String> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.localName.equals(local)) {
                out.add(c.deepText());
            }
        }
        return out;
    }

    /** This element written back as XML (namespace declarations omitted), for reject records. */
    String toXml() {
        StringBuilder sb = new StringBuilder();
        writeXml(sb);
        return sb.toString();
    }

    private void writeXml(StringBuilder sb) {
        String name = prefix.isEmpty() ? localName : prefix + ":" + localName;
        sb.append('<').append(name);
        attributes.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (text.length() == 0 && children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>').append(escape(text.toString()));
        for (XmlElement c : children) {
            c.writeXml(sb);
        }
        sb.append("</").append(name).append('>');
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
