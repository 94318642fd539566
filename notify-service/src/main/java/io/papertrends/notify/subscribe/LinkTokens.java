package io.papertrends.notify.subscribe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed links: {@code <subscription id>.<HMAC-SHA256(secret, action:id)>} in URL-safe base64.
 * A token names one subscription and one action (confirm, unsubscribe); it cannot be forged
 * without the service's secret, and never expires (an unsubscribe link in an old mail must work).
 */
public final class LinkTokens {
    public static final String CONFIRM = "confirm";
    public static final String UNSUBSCRIBE = "unsubscribe";
    private static final int MAX_TOKEN = 128;

    private final SecretKeySpec key;

    public LinkTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String token(String action, String subscriptionId) {
        return subscriptionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(action, subscriptionId));
    }

    /** The subscription a valid token for {@code action} names; empty for anything else. */
    public Optional<String> verify(String action, String token) {
        if (token == null || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String id = token.substring(0, dot);
        if (!SubscriptionRequest.isId(id)) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(given, mac(action, id)) ? Optional.of(id) : Optional.empty();
    }

    private byte[] mac(String action, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal((action + ":" + id).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
