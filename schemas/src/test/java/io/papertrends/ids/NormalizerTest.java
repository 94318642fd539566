package io.papertrends.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void shouldComposeToNfc() {
        assertThat(Normalizer.text("Cafe\u0301")).isEqualTo("Caf\u00e9");
    }

    @Test
    void shouldCollapseEveryKindOfWhitespace() {
        assertThat(Normalizer.text("  a\t\tb\r\n c\u00A0\u2003d\u2028e  ")).isEqualTo("a b c d e");
    }

    @Test
    void shouldRemoveControlAndInvisibleCharacters() {
        assertThat(Normalizer.text("a\u0000b\u0007c\u001Bd\u200Be\uFEFFf\u00ADg")).isEqualTo("abcdefg");
    }

    @Test
    void shouldRemoveLoneSurrogatesButKeepPairs() {
        assertThat(Normalizer.text("x\uD800y\uDC00z")).isEqualTo("xyz");
        assertThat(Normalizer.text("emoji \uD83D\uDE00")).isEqualTo("emoji \uD83D\uDE00");
    }

    @Test
    void shouldReturnCleanAsciiAsItIsAndStillFixAsciiWithStraySpaces() {
        String clean = "Attention Is All You Need (v2): 100% [sic]";
        assertThat(Normalizer.text(clean)).isSameAs(clean);
        assertThat(Normalizer.text(" a  b ")).isEqualTo("a b");
        assertThat(Normalizer.text("a\u007Fb")).isEqualTo("ab");
        assertThat(Normalizer.text("")).isEmpty();
    }

    @Test
    void shouldTreatBlankOptionalTextAsAbsent() {
        assertThat(Normalizer.optionalText(" \t ")).isNull();
        assertThat(Normalizer.optionalText(null)).isNull();
        assertThat(Normalizer.text(null)).isNull();
    }

    @Test
    void shouldFoldTitleKeys() {
        assertThat(Normalizer.titleKey("BERT: Pre-training of Deep\u00A0Bidirectional Transformers"))
                .isEqualTo("bertpretrainingofdeepbidirectionaltransformers");
        assertThat(Normalizer.titleKey("\uFB01ne-tuning")).isEqualTo("finetuning");
        assertThat(Normalizer.titleKey("???")).isEqualTo("???");
    }

    @Test
    void shouldDecodeValidUtf8AndDropAByteOrderMark() {
        byte[] bytes = "\uFEFFh\u00e9llo".getBytes(StandardCharsets.UTF_8);
        assertThat(Normalizer.decodeUtf8(bytes, 0, bytes.length)).contains("h\u00e9llo");
    }

    @Test
    void shouldDetectInvalidUtf8() {
        byte[] bytes = {'o', 'k', (byte) 0xC3, (byte) 0x28, 'x'};
        assertThat(Normalizer.decodeUtf8(bytes, 0, bytes.length)).isEmpty();
        assertThat(Normalizer.firstInvalidUtf8(bytes, 0, bytes.length)).isEqualTo(2);
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
        assertThat(Normalizer.decodeUtf8(overlong, 0, 2)).isEmpty();
        byte[] good = "fine".getBytes(StandardCharsets.UTF_8);
        assertThat(Normalizer.firstInvalidUtf8(good, 0, good.length)).isEqualTo(-1);
    }

    @Test
    void shouldTakeTheAsciiFastPathOnlyForTextTheFullNormalisationLeavesAsItIs() {
        SplittableRandom random = new SplittableRandom(3);
        String alphabet = "ab Z.  \t\n\u007f\u0085\u00a0\u00e9\u0301";
        int clean = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                sb.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 5 : alphabet.length())));
            }
            String text = sb.toString();
            boolean fast = Normalizer.isCleanAscii(text);
            if (fast) {
                clean++;
                assertThat(Normalizer.text(text + "\u00e9")).as(text).isEqualTo(text + "\u00e9");
            }
            assertThat(fast).as(text).isEqualTo(isPrintableAsciiWithSingleInnerSpaces(text));
        }
        assertThat(clean).isGreaterThan(10_000);
    }

    private static boolean isPrintableAsciiWithSingleInnerSpaces(String s) {
        return s.chars().allMatch(c -> c >= ' ' && c < 0x7F) && !s.startsWith(" ") && !s.endsWith(" ") && !s.contains("  ");
    }

    @Test
    void shouldFindInvalidUtf8WhereverItIsInARun() {
        SplittableRandom random = new SplittableRandom(5);
        byte[][] pieces = {"a".getBytes(StandardCharsets.UTF_8), "\u00e9".getBytes(StandardCharsets.UTF_8),
                "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int length = random.nextInt(40);
            for (int p = 0; p < length; p++) {
                byte[] piece = pieces[random.nextInt(20) < 17 ? 0 : random.nextInt(pieces.length)];
                out.write(piece, 0, piece.length);
            }
            byte[] bytes = out.toByteArray();
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int count = bytes.length - offset;
            boolean expected = Normalizer.firstInvalidUtf8(bytes, offset, count) < 0;
            assertThat(Normalizer.isValidUtf8(bytes, offset, count)).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).isBetween(5_000, 45_000);
    }
}
