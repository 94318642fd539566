package io.papertrends.notify.subscribe;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which addresses notifications may go to: e-mail addresses of the usual form (no display name,
 * no comments, a domain with a dot), webhooks as absolute http(s) URLs without user info or
 * fragment whose host resolves to public addresses only, unless private targets are allowed
 * ({@code papertrends.notify.webhooks.allow.private}: the service must not become a way to reach
 * the network it runs in). The webhook check runs when subscribing and again before each send
 * (a name may resolve elsewhere later).
 */
public final class AddressPolicy {
    public static final int MAX_EMAIL = 254;
    public static final int MAX_URL = 2000;
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The address, checked; lower-cased domain. */
    public String email(String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidRequest("BAD_EMAIL", "email must be an e-mail address");
        }
        String a = address.strip();
        if (a.length() > MAX_EMAIL || !EMAIL.matcher(a).matches() || a.indexOf('@') > 64) {
            throw new InvalidRequest("BAD_EMAIL", "email must be an address like reader@example.org (at most " + MAX_EMAIL + " characters)");
        }
        int at = a.lastIndexOf('@');
        return a.substring(0, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** The URL, checked, including where its host resolves to. */
    public URI webhook(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw new InvalidRequest("BAD_WEBHOOK", "webhook must be an http(s) URL of at most " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidRequest("BAD_WEBHOOK", "webhook is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new InvalidRequest("BAD_WEBHOOK", "webhook must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidRequest("BAD_WEBHOOK", "webhook must not carry user info or a fragment");
        }
        try {
            checkTarget(uri);
        } catch (UnknownHostException e) {
            throw new InvalidRequest("BAD_WEBHOOK", "webhook host does not resolve: " + uri.getHost());
        }
        return uri;
    }

    /**
     * Throws {@link InvalidRequest} when {@code uri}'s host resolves to a loopback, private,
     * link-local, shared or multicast address and those are not allowed.
     */
    public void checkTarget(URI uri) throws UnknownHostException {
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            if (isPrivate(address)) {
                throw new InvalidRequest("PRIVATE_WEBHOOK", "webhook host " + uri.getHost() + " is a loopback or private-network address");
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }
}
