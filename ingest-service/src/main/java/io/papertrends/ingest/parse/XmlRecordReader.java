package io.papertrends.ingest.parse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the record elements of an XML document (Atom {@code entry}, RSS {@code item}, OAI-PMH
 * {@code record}…): each is read into an {@link XmlElement} on its own, so a document of any size
 * runs in the memory of its largest record. Hardened against XXE and entity expansion: DTDs and
 * external entities are not processed at all.
 */
final class XmlRecordReader implements AutoCloseable {
    private static final int PROLOG_BYTES = 256;
    private static final Pattern DECLARED_ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(XmlRecordReader.class);
    private final XMLStreamReader reader;
    private final Set<String> recordNames;
    private final int maxRecordChars;
    private int recordChars;
    private boolean tooLong;

    XmlRecordReader(InputStream in, Set<String> recordNames, int maxRecordChars) throws XMLStreamException, IOException {
        this.reader = open(in);
        this.recordNames = recordNames;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Opens the document. UTF-8 documents (the norm for feeds, and the default of XML) are
     * decoded by a strict decoder so invalid bytes surface as a {@code CharacterCodingException}
     * with the parser's position; documents that declare another encoding are left to the parser.
     */
    private static XMLStreamReader open(InputStream in) throws XMLStreamException, IOException {
        BufferedInputStream b = in instanceof BufferedInputStream buffered ? buffered : new BufferedInputStream(in, 1 << 16);
        b.mark(PROLOG_BYTES);
        byte[] head = b.readNBytes(PROLOG_BYTES);
        b.reset();
        Matcher declared = DECLARED_ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
        boolean utf16 = head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE));
        if (utf16 || (declared.find() && !declared.group(1).equalsIgnoreCase("UTF-8") && !declared.group(1).equalsIgnoreCase("UTF8"))) {
            return safeFactory().createXMLStreamReader(b);
        }
        if (head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
            b.skipNBytes(3);
        }
        return safeFactory().createXMLStreamReader(new StrictUtf8Reader(b));
    }

    /** An input factory that refuses DTDs and external entities (no XXE, no billion laughs). */
    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        // Problems surface as XMLStreamExceptions and become rejections; the default reporter would also print them to stderr.
        f.setXMLReporter((message, errorType, relatedInformation, location) -> log.debug("XML {}: {} at {}", errorType, message, location));
        trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    private static void trySet(XMLInputFactory f, String property, Object value) {
        try {
            f.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            // Not every StAX implementation knows the JAXP access properties; DTD support is already off.
            f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        }
    }

    /**
     * The next record element, or {@code null} at the end of the document.
     *
     * @throws XMLStreamException when the document is malformed from here on
     */
    XmlElement next() throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT && recordNames.contains(reader.getLocalName())) {
                recordChars = 0;
                tooLong = false;
                return readElement();
            }
        }
        return null;
    }

    /** Whether the record last returned was over the size limit (its content is then incomplete). */
    boolean lastTooLong() {
        return tooLong;
    }

    /** Line of the parser's current position, for messages. */
    int line() {
        return reader.getLocation().getLineNumber();
    }

    private XmlElement readElement() throws XMLStreamException {
        XmlElement e = new XmlElement(reader.getNamespaceURI(), reader.getLocalName(), reader.getPrefix(), reader.getLocation().getLineNumber());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String prefix = reader.getAttributePrefix(i);
            String name = reader.getAttributeLocalName(i);
            e.attributes.put(prefix == null || prefix.isEmpty() ? name : prefix + ":" + name, reader.getAttributeValue(i));
        }
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    XmlElement child = readElement();
                    if (!tooLong) {
                        e.children.add(child);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    int n = reader.getTextLength();
                    recordChars += n;
                    if (recordChars > maxRecordChars) {
                        tooLong = true;
                    } else {
                        e.text.append(reader.getTextCharacters(), reader.getTextStart(), n);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return e;
                }
                default -> {
                    // Comments and processing instructions carry no record content.
                }
            }
        }
        throw new XMLStreamException("the document ends inside <" + e.localName + "> opened at line " + e.line);
    }

    @Override
    public void close() throws XMLStreamException {
        reader.close();
    }
}
