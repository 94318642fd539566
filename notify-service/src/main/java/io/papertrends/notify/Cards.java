package io.papertrends.notify;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import java.util.List;

/**
 * Papers as notifications show them: the enriched paper with its abstract cut to a few sentences
 * and its best keyphrases, which is what {@code notify-papers} holds (so every instance keeps
 * the catalogue's cards, not its full texts).
 */
public final class Cards {
    public static final int SUMMARY_CHARS = 600;
    public static final int KEYPHRASES = 8;

    private Cards() { }

    public static EnrichedPaper of(EnrichedPaper paper) {
        Paper p = Paper.newBuilder(paper.getPaper()).setAbstractText(summary(paper.getPaper().getAbstractText())).build();
        List<Keyphrase> phrases = paper.getKeyphrases().size() > KEYPHRASES ? paper.getKeyphrases().subList(0, KEYPHRASES) : paper.getKeyphrases();
        return EnrichedPaper.newBuilder(paper).setPaper(p).setKeyphrases(List.copyOf(phrases)).build();
    }

    /** {@code text} cut after a word to at most {@value #SUMMARY_CHARS} characters, with an ellipsis when cut. */
    static String summary(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.length() <= SUMMARY_CHARS) {
            return t;
        }
        int cut = t.lastIndexOf(' ', SUMMARY_CHARS - 1);
        return t.substring(0, cut > SUMMARY_CHARS / 2 ? cut : SUMMARY_CHARS - 1) + "…";
    }
}
