package io.papertrends.notify;

import io.papertrends.avro.Channel;
import io.papertrends.avro.CodeLink;
import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.ids.PaperIds;
import io.papertrends.notify.deliver.Message;
import io.papertrends.notify.subscribe.LinkTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes notifications: a digest from the newest {@code trending-digest} of each followed scope
 * (produced within the last 36 hours), papers merged by score and cut to the subscriber's size,
 * those of the previous digest marked and moved below the new ones; an alert from the queued new
 * papers; the confirmation request. Paper details come from the cards of {@code notify-papers}.
 */
public final class Composer {
    static final Duration DIGEST_MAX_AGE = Duration.ofHours(36);
    private static final int AUTHORS_SHOWN = 3;

    private final LinkTokens tokens;
    private final String publicUrl;

    public Composer(LinkTokens tokens, String publicUrl) {
        this.tokens = tokens;
        this.publicUrl = publicUrl;
    }

    /** The notification's id: its Message-ID's local part and its webhook idempotency key. */
    public static String id(String kind, String subscriptionId, String period) {
        return kind + "." + period + "." + subscriptionId;
    }

    public Message confirmation(Subscription s) {
        String follows = describe(s);
        return new Message("confirmation", id("confirm", s.getId(), "confirm"), s.getId(), "confirm", "Confirm your Paper Trends subscription",
                "Someone, hopefully you, asked to receive " + follows + " at this address. Confirm to start receiving them.", List.of(),
                null, publicUrl + "/subscriptions/confirm?token=" + tokens.token(LinkTokens.CONFIRM, s.getId()), null);
    }

    /**
     * The digest for {@code period}, or null when no followed scope has a recent digest yet.
     *
     * @param digests  a digest by its key ({@code <scope>|<date>})
     * @param cards    a paper's card by id, or null
     * @param previous the papers of this subscriber's previous digest
     */
    public Message digest(Subscription s, String period, Function<String, TrendingDigest> digests, Function<String, EnrichedPaper> cards,
                          Set<String> previous, Instant now) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        for (FollowedScope scope : s.getScopes()) {
            TrendingDigest digest = newest(scope.getScope(), digests, now);
            if (digest == null) {
                continue;
            }
            for (DigestEntry e : digest.getEntries()) {
                Candidate c = new Candidate(e, scope.getDisplay());
                best.merge(e.getPaperId(), c, (a, b) -> a.entry.getScore() >= b.entry.getScore() ? a : b);
            }
        }
        if (best.isEmpty()) {
            return null;
        }
        List<Candidate> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.entry.getScore()));
        ranked = ranked.subList(0, Math.min(s.getMaxPapers(), ranked.size()));
        List<Message.Item> fresh = new ArrayList<>();
        List<Message.Item> seen = new ArrayList<>();
        int rank = 1;
        for (Candidate c : ranked) {
            boolean again = previous.contains(c.entry.getPaperId());
            Message.Item item = item(c.entry.getPaperId(), cards.apply(c.entry.getPaperId()), c.entry.getTitle(), c.entry.getUrl(), rank++,
                    movement(c.entry), again, c.scope, c.entry.getKeyphrases());
            (again ? seen : fresh).add(item);
        }
        List<Message.Item> items = new ArrayList<>(fresh);
        items.addAll(seen);
        boolean weekly = s.getDigest() == io.papertrends.avro.DigestFrequency.WEEKLY;
        // The subject names the first paper whose title is known, never an id.
        String named = null;
        for (Candidate c : ranked) {
            EnrichedPaper card = cards.apply(c.entry.getPaperId());
            if (named == null && (card != null || c.entry.getTitle() != null)) {
                named = card != null ? card.getPaper().getTitle() : c.entry.getTitle();
            }
        }
        String subject = (weekly ? "This week" : "Today") + " in " + scopesShort(s) + ": "
                + (named != null ? named : items.size() + (items.size() == 1 ? " paper" : " papers"));
        String intro = "The " + items.size() + " papers trending most in " + describeScopes(s) + (fresh.size() < items.size()
                ? " (" + seen.size() + " were already in your previous digest and are listed last)." : ".");
        return new Message("digest", id("digest", s.getId(), period), s.getId(), period, subject, intro, items, unsubscribe(s), null, null);
    }

    /** An alert for the queued papers that have cards, or null when none has one yet. */
    public Message alert(Subscription s, String period, List<String> queued, Function<String, EnrichedPaper> cards) {
        List<Message.Item> items = new ArrayList<>();
        for (String id : queued) {
            EnrichedPaper card = cards.apply(id);
            if (card != null) {
                items.add(item(id, card, null, null, null, null, false, matched(s, card), List.of()));
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        String matched = String.join(", ", items.stream().map(Message.Item::scope).distinct().limit(2).toList());
        String subject = items.size() == 1 ? "New paper in " + matched + ": " + items.get(0).title()
                : items.size() + " new papers in " + matched;
        return new Message("alert", id("alert", s.getId(), period), s.getId(), period, subject,
                "New papers that match what you follow (" + describeScopes(s) + ").", items, unsubscribe(s), null, null);
    }

    private String unsubscribe(Subscription s) {
        return s.getChannel() == Channel.EMAIL ? publicUrl + "/subscriptions/unsubscribe?token=" + tokens.token(LinkTokens.UNSUBSCRIBE, s.getId()) : null;
    }

    static TrendingDigest newest(String scope, Function<String, TrendingDigest> digests, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        TrendingDigest best = null;
        for (int d = 1; d >= -2; d--) {
            TrendingDigest digest = digests.apply(scope + "|" + today.plusDays(d));
            if (digest != null && !digest.getEntries().isEmpty() && digest.getGeneratedAt().isAfter(now.minus(DIGEST_MAX_AGE))
                    && (best == null || digest.getGeneratedAt().isAfter(best.getGeneratedAt()))) {
                best = digest;
            }
        }
        return best;
    }

    private static Message.Item item(String paperId, EnrichedPaper card, String title, String url, Integer rank, String movement,
                                     boolean previouslySent, String scope, List<String> digestPhrases) {
        Paper p = card == null ? null : card.getPaper();
        String shownTitle = p != null ? p.getTitle() : title != null ? title : untitled(paperId);
        String link = url != null && !url.isBlank() ? url : p != null && p.getUrl() != null ? p.getUrl() : PaperIds.readerUrl(paperId).orElse(null);
        String authors = null;
        if (p != null && !p.getAuthors().isEmpty()) {
            List<String> names = p.getAuthors();
            authors = String.join(", ", names.subList(0, Math.min(AUTHORS_SHOWN, names.size()))) + (names.size() > AUTHORS_SHOWN ? " et al." : "");
        }
        List<String> phrases = new ArrayList<>();
        if (card != null) {
            for (Keyphrase k : card.getKeyphrases()) {
                if (phrases.size() < 5) {
                    phrases.add(k.getPhrase());
                }
            }
        } else {
            phrases.addAll(digestPhrases.subList(0, Math.min(5, digestPhrases.size())));
        }
        List<String> code = card == null ? List.of() : card.getCodeLinks().stream().map(CodeLink::getUrl).limit(3).toList();
        String summary = p == null || p.getAbstractText().isBlank() ? null : p.getAbstractText();
        return new Message.Item(paperId, shownTitle, link, authors, summary, phrases, code, rank, movement, previouslySent, scope);
    }

    /**
     * How a paper whose title has not reached the service reads: its arXiv id or DOI as readers know
     * them, never an internal id (a paper known by its title only has none to show).
     */
    static String untitled(String paperId) {
        return PaperIds.readerLabel(paperId).orElse("A paper not described yet");
    }

    private static String movement(DigestEntry e) {
        return switch (e.getMovement()) {
            case NEW -> "new today";
            case UP -> e.getPreviousRank() == null ? "up" : "up from #" + e.getPreviousRank();
            case DOWN -> e.getPreviousRank() == null ? "down" : "down from #" + e.getPreviousRank();
            case SAME -> "unchanged";
            default -> null;
        };
    }

    /** The followed scope (display form) a new paper matched, for the alert's line. */
    private static String matched(Subscription s, EnrichedPaper card) {
        String m = Matcher.firstMatch(s, card);
        if (m != null) {
            return m;
        }
        // Matched on the full abstract, which the card cuts short: name what is followed.
        return s.getScopes().stream().filter(f -> !f.getScope().equals("global")).map(FollowedScope::getDisplay).findFirst()
                .orElse(s.getAuthors().isEmpty() ? "what you follow" : "papers by " + s.getAuthors().get(0));
    }

    /** The scopes for a subject line: one or two by name, then "and more". */
    private static String scopesShort(Subscription s) {
        List<String> names = s.getScopes().stream().map(FollowedScope::getDisplay).toList();
        if (names.isEmpty()) {
            return "all papers";
        }
        String two = String.join(" and ", names.subList(0, Math.min(2, names.size())));
        return names.size() > 2 ? names.get(0) + ", " + names.get(1) + " and more" : two;
    }

    private static String describeScopes(Subscription s) {
        List<String> names = new ArrayList<>();
        s.getScopes().forEach(f -> names.add(f.getDisplay()));
        s.getAuthors().forEach(a -> names.add("papers by " + a));
        return String.join(", ", names);
    }

    private static String describe(Subscription s) {
        String what = switch (s.getDigest()) {
            case DAILY -> "a daily digest at " + s.getDigestTime() + " (" + s.getZone() + ")";
            case WEEKLY -> "a weekly digest on " + s.getDigestDay().toLowerCase(java.util.Locale.ROOT) + "s at " + s.getDigestTime() + " (" + s.getZone() + ")";
            default -> "";
        };
        if (s.getAlerts()) {
            what = what.isEmpty() ? "alerts on new papers" : what + " and alerts on new papers";
        }
        return what + " of trending papers in " + describeScopes(s);
    }

    private record Candidate(DigestEntry entry, String scope) { }
}
