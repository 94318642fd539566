package io.papertrends.ids;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer.Form;
import java.util.Locale;
import java.util.Optional;

/**
 * Text normalisation shared by every input format, so the same paper read from two sources
 * yields the same fields, the same id and the same content hash.
 *
 * <p>{@link #text(String)} is what every stored text field goes through: Unicode NFC, control
 * and invisible format characters removed, every run of whitespace (including no-break spaces
 * and line/paragraph separators) collapsed to one space, trimmed.
 */
public final class Normalizer {
    /** Text made only of characters below U+0300 (no combining marks) is already NFC: the common case skips the normaliser. */
    private static final char FIRST_COMBINING_MARK = '\u0300';
    /** Text below U+00A0 (ASCII and C1 controls) has no compatibility decompositions, so it is already NFKC. */
    private static final char FIRST_COMPATIBILITY_CHAR = '\u00A0';

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Normalizer() {
    }

    /**
     * Normalises a text field: NFC, control characters and lone surrogates removed, whitespace
     * collapsed to single spaces, trimmed. Returns {@code null} for {@code null}.
     */
    public static String text(String raw) {
        if (raw == null) {
            return null;
        }
        if (isCleanAscii(raw)) {
            return raw;
        }
        String nfc = isBelow(raw, FIRST_COMBINING_MARK) || java.text.Normalizer.isNormalized(raw, Form.NFC)
                ? raw : java.text.Normalizer.normalize(raw, Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            int width = Character.charCount(cp);
            i += width;
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (isDropped(cp)) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /**
     * Like {@link #text(String)} but {@code null} when nothing is left, so optional fields that
     * hold only blanks count as absent.
     */
    public static String optionalText(String raw) {
        String t = text(raw);
        return t == null || t.isEmpty() ? null : t;
    }

    /**
     * The comparison key of a title: NFKC, lower-cased, only letters and digits kept, so that
     * differences of case, punctuation, spacing or compatibility forms (ligatures, full-width
     * letters) do not split one paper into two ids.
     */
    public static String titleKey(String title) {
        String folded = text(title);
        String nfkc = (isBelow(folded, FIRST_COMPATIBILITY_CHAR) ? folded : java.text.Normalizer.normalize(folded, Form.NFKC))
                .toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        // A title made only of punctuation still needs a key; fall back to its folded form.
        return out.length() > 0 ? out.toString() : nfkc;
    }

    /**
     * Decodes bytes as strict UTF-8: empty when they are not valid UTF-8 (instead of silently
     * turning bad bytes into replacement characters). A leading byte-order mark is dropped.
     */
    public static Optional<String> decodeUtf8(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
            String s = chars.toString();
            return Optional.of(!s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether the bytes are valid UTF-8; checks pure ASCII without decoding. */
    public static boolean isValidUtf8(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        // Eight bytes at a time while they are all ASCII (no high bit set).
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            if (bytes[i] < 0) {
                return firstInvalidUtf8(bytes, i, end - i) < 0;
            }
        }
        return true;
    }

    /** Byte offset of the first byte that is not valid UTF-8, or -1 when all are valid. */
    public static int firstInvalidUtf8(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(Math.max(16, length));
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() - offset : -1;
    }

    /** Printable ASCII with single inner spaces: already normal, the common case of English metadata. */
    static boolean isCleanAscii(String s) {
        int n = s.length();
        if (n == 0) {
            return true;
        }
        // Spaces checked apart (indexOf is vectorised), so the loop over every character stays a plain range test.
        if (s.charAt(0) == ' ' || s.charAt(n - 1) == ' ' || s.contains("  ")) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < ' ' || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBelow(String s, char limit) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= limit) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    private static boolean isDropped(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.UNASSIGNED && isNonCharacter(cp)) {
            return true;
        }
        // Invisible characters that only make equal titles differ: zero-width space, BOM, soft hyphen.
        return cp == 0x200B || cp == 0xFEFF || cp == 0x00AD || cp == 0x2060;
    }

    private static boolean isNonCharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }
}
