package io.papertrends.notify.deliver;

import java.util.List;

/**
 * One notification, rendered for any channel: its id (the e-mail's Message-ID and the webhook's
 * idempotency key, the same whenever it is sent again), what to say and the papers it carries.
 *
 * @param kind           {@code digest}, {@code alert} or {@code confirmation}
 * @param unsubscribeUrl the one-click unsubscribe link (null for webhooks)
 * @param confirmUrl     the confirmation link (confirmation mails only)
 */
public record Message(String kind, String id, String subscriptionId, String period, String subject, String intro, List<Item> items,
                      String unsubscribeUrl, String confirmUrl, String settingsUrl) {

    /** A paper as a notification shows it. {@code previouslySent}: it was in this subscriber's previous digest. */
    public record Item(String paperId, String title, String url, String authors, String summary, List<String> keyphrases,
                       List<String> codeLinks, Integer rank, String movement, boolean previouslySent, String scope) {
    }
}
