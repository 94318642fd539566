package io.papertrends.ingest.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.EventDraft;
import io.papertrends.ids.Normalizer;
import io.papertrends.ingest.PaperDraft;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * JSON papers and events (DESIGN.md "Input formats") to contract records, shared by the JSONL
 * parsers and the HTTP endpoints. Unknown fields are ignored. Thread-safe.
 *
 * <p>Paper fields: {@code id}, {@code title}, {@code abstract} (or {@code abstractText}),
 * {@code authors} (array of names or of {@code {"name":…}}; a single string is split at commas
 * and "and"), {@code publishedAt}, {@code updatedAt}, {@code categories} (array, or one
 * space-separated string as in arXiv's metadata dumps), {@code url}, {@code arxivId},
 * {@code arxivVersion}, {@code doi}. Event fields: {@code paperId}, {@code type},
 * {@code userId} (string or number), {@code occurredAt}, {@code eventId}.
 */
public final class JsonRecords {
    private static final Pattern AUTHOR_SEPARATORS = Pattern.compile("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    static final Set<String> PAPER_FIELDS = Set.of("id", "title", "abstract", "abstractText", "authors", "categories",
            "publishedAt", "updatedAt", "url", "arxivId", "arxivVersion", "doi");
    static final Set<String> EVENT_FIELDS = Set.of("paperId", "type", "userId", "occurredAt", "eventId");

    private final RecordValidator validator;
    private final ObjectMapper mapper;
    private final ObjectReader valueReader;

    /** JSON mapping over {@code validator}; JSON strings may be as long as the record limit. */
    public JsonRecords(RecordValidator validator) {
        this.validator = Objects.requireNonNull(validator);
        int maxChars = Math.max(validator.limits().maxRecordBytes(), 1 << 20);
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxChars).maxNestingDepth(64).build())
                .build();
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        // Reads one value inside a document, so what follows it is not "trailing".
        this.valueReader = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Reads one UTF-8 JSON text (already checked to be valid UTF-8) as a paper. Location is left to the caller. */
    public Parsed<Paper> paper(byte[] utf8, int offset, int length, String format) {
        return readFields(utf8, offset, length, PAPER_FIELDS).map(node -> paper(node, format))
                .orElseGet(() -> invalidJson(new String(utf8, offset, length, StandardCharsets.UTF_8)));
    }

    /** Reads one UTF-8 JSON text (already checked to be valid UTF-8) as an event. */
    public Parsed<PaperEvent> event(byte[] utf8, int offset, int length, String source) {
        return readFields(utf8, offset, length, EVENT_FIELDS).map(node -> event(node, source))
                .orElseGet(() -> invalidJson(new String(utf8, offset, length, StandardCharsets.UTF_8)));
    }

    /** Reads one JSON text as a paper; {@code format} becomes {@code Paper.source}. Location is left to the caller. */
    public Parsed<Paper> paper(String json, String format) {
        return readObject(json).map(node -> paper(node, format)).orElseGet(() -> invalidJson(json));
    }

    /** Reads one JSON text as an event; {@code source} becomes {@code PaperEvent.source}. */
    public Parsed<PaperEvent> event(String json, String source) {
        return readObject(json).map(node -> event(node, source)).orElseGet(() -> invalidJson(json));
    }

    /** Maps a parsed JSON value to a paper. */
    public Parsed<Paper> paper(JsonNode node, String format) {
        if (!node.isObject()) {
            return Parsed.rejected(ReasonCode.INVALID_JSON, "expected a JSON object for a paper, got " + kind(node), null, null, null);
        }
        PaperDraft d = new PaperDraft();
        try {
            d.id = text(node, "id");
            d.title = text(node, "title");
            d.abstractText = text(node, "abstract");
            if (d.abstractText == null) {
                d.abstractText = text(node, "abstractText");
            }
            d.authors.addAll(names(node, "authors"));
            d.categories.addAll(categories(node));
            d.publishedAt = text(node, "publishedAt");
            d.updatedAt = text(node, "updatedAt");
            d.url = text(node, "url");
            d.arxivId = text(node, "arxivId");
            d.doi = text(node, "doi");
            JsonNode version = node.get("arxivVersion");
            if (version != null && !version.isNull()) {
                if (!version.canConvertToInt() || !version.isIntegralNumber()) {
                    throw new WrongType("arxivVersion must be a whole number, got " + kind(version));
                }
                d.arxivVersion = version.intValue();
            }
        } catch (WrongType e) {
            return Parsed.rejected(ReasonCode.INVALID_VALUE, e.getMessage(), null, null, null);
        }
        return validator.paper(d, format);
    }

    /** Maps a parsed JSON value to an event. */
    public Parsed<PaperEvent> event(JsonNode node, String source) {
        if (!node.isObject()) {
            return Parsed.rejected(ReasonCode.INVALID_JSON, "expected a JSON object for an event, got " + kind(node), null, null, null);
        }
        EventDraft d = new EventDraft();
        try {
            d.paperId = text(node, "paperId");
            d.type = text(node, "type");
            d.occurredAt = text(node, "occurredAt");
            d.eventId = text(node, "eventId");
            JsonNode user = node.get("userId");
            if (user != null && !user.isNull()) {
                if (!user.isTextual() && !user.isIntegralNumber()) {
                    throw new WrongType("userId must be a string or a whole number, got " + kind(user));
                }
                d.userId = user.asText();
            }
        } catch (WrongType e) {
            return Parsed.rejected(ReasonCode.INVALID_VALUE, e.getMessage(), null, null, null);
        }
        return validator.event(d, source);
    }

    /**
     * Reads an HTTP request body holding one paper object or an array of them. Each result is
     * placed at {@code array index N} (or {@code body} for a single object); a body that is not
     * UTF-8 or not JSON gives one rejection for the whole body.
     */
    public List<Parsed<Paper>> papersFromBody(byte[] body, String format) {
        return fromBody(body, "papers", (node, f) -> paper(node, f), format);
    }

    /** Like {@link #papersFromBody} for events; {@code source} becomes {@code PaperEvent.source}. */
    public List<Parsed<PaperEvent>> eventsFromBody(byte[] body, String source) {
        return fromBody(body, "events", (node, s) -> event(node, s), source);
    }

    private <T> List<Parsed<T>> fromBody(byte[] body, String what, BiFunction<JsonNode, String, Parsed<T>> map, String tag) {
        if (!Normalizer.isValidUtf8(body, 0, body.length)) {
            int at = Normalizer.firstInvalidUtf8(body, 0, body.length);
            return List.of(Parsed.rejected(ReasonCode.INVALID_UTF8, "the request body is not valid UTF-8 (first bad byte at offset " + at + ")",
                    "body", null, body));
        }
        // Read from the bytes: decoding the body to a String first and parsing its chars cost a
        // copy of the body and Jackson's slower char parser (a third of POST /events' parsing).
        int bom = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF ? 3 : 0;
        Optional<JsonNode> root = readTree(body, bom, body.length - bom);
        if (root.isEmpty()) {
            return List.of(Parsed.<T>rejected(ReasonCode.INVALID_JSON, "the request body is not valid JSON: "
                    + jsonError(new String(body, bom, body.length - bom, StandardCharsets.UTF_8)), "body", null, body));
        }
        JsonNode node = root.get();
        if (!node.isArray()) {
            return List.of(map.apply(node, tag).at("body", null, () -> body));
        }
        List<Parsed<T>> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            out.add(map.apply(element, tag).at("array index " + i, null, () -> element.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private Optional<JsonNode> readObject(String json) {
        return readTree(json);
    }

    /**
     * Like {@link #readTree(byte[], int, int)} with the root object holding only the fields in
     * {@code wanted}: the text is read as a token stream and only those fields become nodes
     * (strings, nulls and arrays directly, other values through the mapper), which costs a
     * fraction of building the whole tree. Every value is still read, so the same texts are
     * rejected: syntax, duplicate keys, nesting depth, string and number limits, trailing tokens.
     * A root that is not an object is read whole.
     */
    Optional<JsonNode> readFields(byte[] utf8, int offset, int length, Set<String> wanted) {
        try (JsonParser p = mapper.getFactory().createParser(utf8, offset, length)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return readTree(utf8, offset, length);
            }
            // Duplicate keys: the parser's own check keeps a hash set per object. At the root, a
            // wanted name is a duplicate when the object already holds it, other names go to a set
            // made only when there are any; nested objects are checked by the tree reader.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            Set<String> otherNames = null;
            ObjectNode root = mapper.getNodeFactory().objectNode();
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                boolean kept = wanted.contains(name);
                if (!kept) {
                    if (otherNames == null) {
                        otherNames = new HashSet<>();
                    }
                    if (!otherNames.add(name)) {
                        return Optional.empty();
                    }
                }
                p.nextToken();
                JsonNode value = value(p);
                if (kept && root.replace(name, value) != null) {
                    return Optional.empty();
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The node of the value at the parser's current token, as the tree reader would build it. */
    private JsonNode value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case VALUE_STRING:
                return mapper.getNodeFactory().textNode(p.getText());
            case VALUE_NULL:
                return mapper.getNodeFactory().nullNode();
            case START_ARRAY:
                ArrayNode array = mapper.getNodeFactory().arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(p));
                }
                return array;
            default:
                return valueReader.readTree(p);
        }
    }

    Optional<JsonNode> readTree(byte[] utf8, int offset, int length) {
        try {
            JsonNode node = mapper.readTree(utf8, offset, length);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<JsonNode> readTree(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private <T> Parsed<T> invalidJson(String json) {
        return Parsed.rejected(ReasonCode.INVALID_JSON, "not valid JSON: " + jsonError(json), null, null, null);
    }

    /** The parser's own message for why {@code json} is not JSON, without the echo of the input Jackson appends. */
    private String jsonError(String json) {
        try {
            JsonNode node = mapper.readTree(json);
            return node == null || node.isMissingNode() ? "empty input" : "unexpected content";
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            var loc = e.getLocation();
            return loc == null ? msg : msg + " (column " + loc.getColumnNr() + ")";
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new WrongType(field + " must be a string, got " + kind(v));
        }
        return v.textValue();
    }

    private static List<String> names(JsonNode node, String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String name : AUTHOR_SEPARATORS.split(v.textValue())) {
                out.add(name);
            }
            return out;
        }
        if (!v.isArray()) {
            throw new WrongType(field + " must be an array of names, got " + kind(v));
        }
        for (JsonNode item : v) {
            if (item.isTextual()) {
                out.add(item.textValue());
            } else if (item.isObject() && item.path("name").isTextual()) {
                out.add(item.get("name").textValue());
            } else {
                throw new WrongType(field + " must hold strings (or objects with a string \"name\"), found " + kind(item));
            }
        }
        return out;
    }

    private static List<String> categories(JsonNode node) {
        JsonNode v = node.get("categories");
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String c : SPACES.split(v.textValue().strip())) {
                out.add(c);
            }
            return out;
        }
        if (!v.isArray()) {
            throw new WrongType("categories must be an array of strings, got " + kind(v));
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new WrongType("categories must hold strings, found " + kind(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A field of the wrong JSON type; expected per-record control flow, so no stack trace. */
    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
