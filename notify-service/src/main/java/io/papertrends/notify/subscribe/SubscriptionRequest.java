package io.papertrends.notify.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import io.papertrends.avro.Channel;
import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import io.papertrends.keywords.KeywordNormalizer;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A subscription request ({@code POST /api/subscriptions}), read and validated field by field:
 * <pre>{@code
 * {"email": "reader@example.org",            // or "webhook": "https://hooks.example.org/trends"
 *  "keywords": ["graph neural networks"],    // as people type them; normalised like the rankings
 *  "categories": ["cs.LG"], "authors": ["Ada Lovelace"],
 *  "global": false,                          // also the overall ranking (default: when nothing else is followed)
 *  "digest": "daily", "time": "08:00", "zone": "Europe/Berlin",   // or "weekly" + "day": "monday", or "none"
 *  "alerts": true, "maxPapers": 10}
 * }</pre>
 * Unknown fields are refused (a typo must not silently subscribe to something else). No keyword
 * or category: the global ranking. {@code alerts} defaults to on when something narrower
 * than global is followed (alerts on every new paper would flood a reader, so global alerts are
 * refused).
 */
public final class SubscriptionRequest {
    public static final int MAX_ITEMS = 20;
    public static final int MAX_ITEM_LENGTH = 100;
    private static final Set<String> FIELDS = Set.of("email", "webhook", "global", "keywords", "categories", "authors", "digest", "time",
            "zone", "day", "alerts", "maxPapers");
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z][A-Za-z-]{0,19}(\\.[A-Za-z][A-Za-z-]{0,19})?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SubscriptionRequest() { }

    /** Whether {@code id} has the form of a subscription id. */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** A new random id: 128 bits, URL-safe base64. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A webhook's signing secret: 256 bits, URL-safe base64 with a recognisable prefix. */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The subscription {@code body} asks for, PENDING for e-mail and CONFIRMED (with a secret) for webhooks. */
    public static Subscription parse(JsonNode body, AddressPolicy policy, Instant now) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequest("BAD_JSON", "the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequest("UNKNOWN_FIELD", "unknown field '" + shown(name) + "'; fields are " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        boolean email = body.has("email");
        if (email == body.has("webhook")) {
            throw new InvalidRequest("BAD_ADDRESS", "give exactly one of email or webhook");
        }
        Subscription.Builder out = Subscription.newBuilder().setId(newId()).setCreatedAt(now);
        if (email) {
            out.setChannel(Channel.EMAIL).setAddress(policy.email(text(body, "email", AddressPolicy.MAX_EMAIL))).setStatus(SubscriptionStatus.PENDING)
                    .setSecret(null).setConfirmedAt(null);
        } else {
            out.setChannel(Channel.WEBHOOK).setAddress(policy.webhook(text(body, "webhook", AddressPolicy.MAX_URL)).toString())
                    .setStatus(SubscriptionStatus.CONFIRMED).setSecret(newSecret()).setConfirmedAt(now);
        }
        Map<String, FollowedScope> scopes = new LinkedHashMap<>();
        for (String keyword : list(body, "keywords")) {
            String normalized = KeywordNormalizer.normalize(keyword);
            if (normalized.isEmpty()) {
                throw new InvalidRequest("BAD_KEYWORD", "keyword '" + shown(keyword) + "' holds no word");
            }
            scopes.putIfAbsent("keyword:" + normalized, new FollowedScope("keyword:" + normalized, keyword.strip()));
        }
        for (String category : list(body, "categories")) {
            if (!CATEGORY.matcher(category.strip()).matches()) {
                throw new InvalidRequest("BAD_CATEGORY", "category '" + shown(category) + "' is not a category name like cs.LG");
            }
            scopes.putIfAbsent("category:" + category.strip(), new FollowedScope("category:" + category.strip(), category.strip()));
        }
        List<String> authors = new ArrayList<>();
        for (String author : list(body, "authors")) {
            authors.add(author.strip().replaceAll("\\s+", " "));
        }
        boolean narrow = !scopes.isEmpty() || !authors.isEmpty();
        boolean global = body.has("global") ? bool(body, "global") : scopes.isEmpty();
        if (global) {
            Map<String, FollowedScope> withGlobal = new LinkedHashMap<>();
            withGlobal.put("global", new FollowedScope("global", "all papers"));
            withGlobal.putAll(scopes);
            scopes = withGlobal;
        } else if (scopes.isEmpty()) {
            throw new InvalidRequest("NOTHING_FOLLOWED", "follow the global ranking, keywords or categories");
        }
        boolean alerts = body.has("alerts") ? bool(body, "alerts") : narrow;
        if (alerts && !narrow) {
            throw new InvalidRequest("GLOBAL_ALERTS", "alerts need keywords, categories or authors to follow: every new paper would be an alert");
        }
        DigestFrequency digest = frequency(body);
        String time = time(body);
        String zone = zone(body);
        String day = null;
        if (digest == DigestFrequency.WEEKLY) {
            day = day(body);
        } else if (body.has("day")) {
            throw new InvalidRequest("BAD_DAY", "day is for weekly digests");
        }
        if (digest == DigestFrequency.NONE && !alerts) {
            throw new InvalidRequest("NOTHING_TO_SEND", "with digest none, alerts must be on");
        }
        int maxPapers = body.has("maxPapers") ? integer(body, "maxPapers", 1, 50) : 10;
        return out.setScopes(new ArrayList<>(scopes.values())).setAuthors(authors).setDigest(digest).setDigestTime(time).setZone(zone)
                .setDigestDay(day).setAlerts(alerts).setMaxPapers(maxPapers).build();
    }

    private static DigestFrequency frequency(JsonNode body) {
        String v = body.has("digest") ? text(body, "digest", 10).toLowerCase(Locale.ROOT) : "daily";
        return switch (v) {
            case "daily" -> DigestFrequency.DAILY;
            case "weekly" -> DigestFrequency.WEEKLY;
            case "none" -> DigestFrequency.NONE;
            default -> throw new InvalidRequest("BAD_DIGEST", "digest must be daily, weekly or none");
        };
    }

    private static String time(JsonNode body) {
        String v = body.has("time") ? text(body, "time", 5) : "08:00";
        try {
            return LocalTime.parse(v, DateTimeFormatter.ofPattern("HH:mm")).toString();
        } catch (DateTimeException e) {
            throw new InvalidRequest("BAD_TIME", "time must be a local time HH:mm, e.g. 08:00");
        }
    }

    private static String zone(JsonNode body) {
        String v = body.has("zone") ? text(body, "zone", 64) : "UTC";
        try {
            return ZoneId.of(v).getId();
        } catch (DateTimeException e) {
            throw new InvalidRequest("BAD_ZONE", "zone must be an IANA time zone such as Europe/Berlin or UTC");
        }
    }

    private static String day(JsonNode body) {
        String v = body.has("day") ? text(body, "day", 10) : "monday";
        try {
            return DayOfWeek.valueOf(v.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("BAD_DAY", "day must be a day of the week, e.g. monday");
        }
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT), field + " must be a non-empty string");
        }
        if (v.asText().length() > max) {
            throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT), field + " must be at most " + max + " characters");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (!v.isBoolean()) {
            throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT), field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static int integer(JsonNode body, String field, int min, int max) {
        JsonNode v = body.get(field);
        if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
            throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT), field + " must be a whole number in " + min + ".." + max);
        }
        return v.asInt();
    }

    private static List<String> list(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_ITEMS) {
            throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT), field + " must be a list of at most " + MAX_ITEMS + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > MAX_ITEM_LENGTH
                    || item.asText().chars().anyMatch(c -> Character.isISOControl(c))) {
                throw new InvalidRequest("BAD_" + field.toUpperCase(Locale.ROOT),
                        field + " must hold non-empty strings of at most " + MAX_ITEM_LENGTH + " characters without control characters");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A client's text as shown in a reason: bounded, control characters replaced. */
    static String shown(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
