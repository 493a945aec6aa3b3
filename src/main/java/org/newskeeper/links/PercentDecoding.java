package org.newskeeper.links;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.PercentCodec;

/**
 * Percent-decoding of URL parts to UTF-8 text with Apache Commons Codec. A part decodes when every
 * {@code %} starts a two-digit hexadecimal escape and the bytes form UTF-8; otherwise the problem is
 * told, never guessed around.
 */
public final class PercentDecoding {
    private static final PercentCodec CODEC = new PercentCodec(null, false);

    private PercentDecoding() {
    }

    /** The outcome of decoding one part: the text, or why it does not decode. */
    public record Result(Optional<String> text, Optional<String> problem) {
        static Result ok(String text) {
            return new Result(Optional.of(text), Optional.empty());
        }

        static Result bad(String problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }

        public boolean ok() {
            return text.isPresent();
        }
    }

    /** Decodes {@code part} once; {@code +} stays a plus sign. */
    public static Result decode(String part) {
        if (part.indexOf('%') < 0) {
            return Result.ok(part);
        }
        byte[] bytes;
        try {
            bytes = CODEC.decode(part.getBytes(StandardCharsets.UTF_8));
        } catch (DecoderException | RuntimeException e) {
            String bad = malformedEscape(part);
            return Result.bad(bad != null ? "malformed percent escape '" + bad + "'" : "malformed percent escape: " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && !strictUtf8(bytes)) {
            return Result.bad("percent escapes decode to bytes that are not UTF-8");
        }
        return Result.ok(text);
    }

    private static boolean strictUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decodes once, or returns {@code part} unchanged when it does not decode. */
    public static String decodeOrKeep(String part) {
        return decode(part).text().orElse(part);
    }

    /** Form decoding of a query value ({@code +} is a space), or the value unchanged when it does not decode. */
    public static String decodeFormValue(String value) {
        return decodeOrKeep(value.replace('+', ' '));
    }

    /** The first {@code %} sequence that is not {@code %} and two hexadecimal digits, or null. */
    static String malformedEscape(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                return s.substring(i, Math.min(s.length(), i + 3));
            }
        }
        return null;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
