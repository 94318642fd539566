package io.papertrends.service;

import io.papertrends.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys a service accepts, configured as {@value #KEYS} = a comma-separated list of
 * {@code name:sha256hex}: the name says whose key it is (in logs and rate limits), the hex is the
 * SHA-256 of the key. Only hashes are configured, so a leaked configuration gives no key away.
 *
 * <p>A presented key is hashed and compared with every configured hash in constant time
 * ({@link MessageDigest#isEqual}), all of them whatever matched, so timing says nothing about which
 * hash came close. Nothing here logs or echoes a key.
 */
public final class ApiKeys {
    /** {@code name:sha256hex,…}; empty: no keys. */
    public static final String KEYS = "papertrends.http.api.keys";
    /** Whether a key is required ({@code true}/{@code false}); each service has its default. */
    public static final String REQUIRED = "papertrends.http.api.keys.required";
    /** Random bytes in a new key. */
    public static final int KEY_BYTES = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private final List<String> names;
    private final List<byte[]> hashes;

    private ApiKeys(List<String> names, List<byte[]> hashes) {
        this.names = List.copyOf(names);
        this.hashes = List.copyOf(hashes);
    }

    /** The keys of {@value #KEYS}. */
    public static ApiKeys from(Settings settings) {
        return parse(settings.get(KEYS, ""));
    }

    /**
     * Parses {@code name:sha256hex,…}.
     *
     * @throws IllegalArgumentException naming the entry by its position, never by its text (it might be a key pasted by mistake)
     */
    public static ApiKeys parse(String text) {
        List<String> names = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        Set<String> seenHashes = new HashSet<>();
        String[] entries = text == null ? new String[0] : text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String hex = colon < 0 ? entry : entry.substring(colon + 1).trim();
            if (!NAME.matcher(name).matches() || !SHA256_HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException(KEYS + ": entry " + (i + 1) + " is not name:sha256hex (a name of letters, digits, . _ -, "
                        + "then the 64 hex digits of the key's SHA-256); configure the hash of a key, never the key itself: "
                        + "./papertrends api-key NAME prints both");
            }
            if (names.contains(name)) {
                throw new IllegalArgumentException(KEYS + ": the name " + name + " is given twice");
            }
            if (!seenHashes.add(hex.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(KEYS + ": entry " + (i + 1) + " (" + name + ") has the hash of another entry");
            }
            names.add(name);
            hashes.add(HEX.parseHex(hex));
        }
        return new ApiKeys(names, hashes);
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** The names of the keys, in configured order. */
    public List<String> names() {
        return names;
    }

    /** The name of the configured key equal to {@code presented}, or empty. */
    public Optional<String> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String found = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(hash, hashes.get(i)) && found == null) {
                found = names.get(i);
            }
        }
        return Optional.ofNullable(found);
    }

    /** A new key: {@value #KEY_BYTES} random bytes, URL-safe base64 without padding (43 characters). */
    public static String newKey(SecureRandom random) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 of a key, as configured in {@value #KEYS}. */
    public static String sha256Hex(String key) {
        return HEX.formatHex(sha256(key));
    }

    /** The {@value #KEYS} entry for {@code key} under {@code name}. */
    public static String entry(String name, String key) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a key's name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit: " + name);
        }
        return name + ":" + sha256Hex(key);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys" + names;
    }
}
