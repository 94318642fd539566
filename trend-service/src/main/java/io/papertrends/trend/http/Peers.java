package io.papertrends.trend.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Whom the HTTP side trusts and how it names itself. A query forwarded by another instance of
 * the application carries {@code X-Papertrends-Forwarded}, and is answered from local state only.
 * With a peer secret ({@value HttpConfig#PEER_SECRET}) the header's value must be that secret
 * (compared in constant time), so a client cannot forge it to get partial answers; without one
 * any value is honoured, as forwarded queries must never be forwarded again. Links in feeds use
 * the configured public URL ({@value HttpConfig#PUBLIC_URL}) rather than the request's
 * {@code Host} header, which a client chooses.
 *
 * @param secret    the peer secret, or null
 * @param publicUrl e.g. {@code https://trends.example.org}, or null to use the request's own scheme and host
 */
public record Peers(String secret, String publicUrl) {
    /** No secret, links from the request. */
    public static final Peers OPEN = new Peers(null, null);

    /** Whether a request carrying {@code header} as its forwarding mark comes from a peer. */
    public boolean forwarded(String header) {
        if (header == null) {
            return false;
        }
        return secret == null || MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a request carrying {@code header} provably comes from a peer: only with a secret, which
     * it must carry. Such a request needs no API key and is not rate limited.
     */
    public boolean fromPeer(String header) {
        return secret != null && header != null && forwarded(header);
    }

    /** The forwarding mark this instance sends, when it forwards a query as {@code self}. */
    public String mark(String self) {
        return secret != null ? secret : self;
    }

    /** The base of links: the public URL, else the request's scheme and host. */
    public String base(String requestScheme, String requestHost) {
        return publicUrl != null ? publicUrl : requestScheme + "://" + requestHost;
    }

    @Override
    public String toString() {
        return "Peers[secret=" + (secret == null ? "none" : "set") + ", publicUrl=" + publicUrl + "]";
    }
}
