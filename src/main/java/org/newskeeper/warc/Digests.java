package org.newskeeper.warc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.binary.Hex;

/** The digests the archive uses: {@code sha1:} + base32 (RFC 4648) in WARC fields, sha256 hex in WACZ. */
public final class Digests {
    private static final Base32 BASE32 = new Base32();

    private Digests() {
    }

    /** A new SHA-1 digester. */
    public static MessageDigest sha1() {
        return javaDigester("SHA-1");
    }

    /** A new SHA-256 digester. */
    public static MessageDigest sha256() {
        return javaDigester("SHA-256");
    }

    private static MessageDigest javaDigester(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }

    /** {@code sha1:BASE32} of {@code bytes[offset, offset+length)}. */
    public static String sha1(byte[] bytes, int offset, int length) {
        MessageDigest md = sha1();
        md.update(bytes, offset, length);
        return label(md);
    }

    /** {@code sha1:BASE32} of all of {@code bytes}. */
    public static String sha1(byte[] bytes) {
        return sha1(bytes, 0, bytes.length);
    }

    /** {@code sha1:BASE32} of a finished SHA-1 digester. */
    public static String label(MessageDigest sha1) {
        return "sha1:" + base32(sha1.digest());
    }

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * RFC 4648 base32 (upper case, padded) of {@code bytes}, as Commons Codec's {@code Base32} writes
     * it; a SHA-1's 20 bytes are 32 characters without padding. Written out here since it runs for
     * every record packed.
     */
    static String base32(byte[] bytes) {
        int groups = (bytes.length + 4) / 5;
        byte[] out = new byte[groups * 8];
        int o = 0;
        for (int i = 0; i < bytes.length; i += 5) {
            int n = Math.min(5, bytes.length - i);
            long v = 0;
            for (int k = 0; k < 5; k++) {
                v = (v << 8) | (k < n ? bytes[i + k] & 0xff : 0);
            }
            int chars = (n * 8 + 4) / 5;
            for (int k = 0; k < 8; k++) {
                out[o++] = k < chars ? ALPHABET[(int) (v >>> (35 - 5 * k)) & 31] : (byte) '=';
            }
        }
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Lower-case hex of a finished digester, as WACZ's {@code sha256:} hashes use. */
    public static String hex(MessageDigest md) {
        return Hex.encodeHexString(md.digest());
    }

    /**
     * Normalises a labelled digest for comparison: algorithm lower-cased, base32 upper-cased; a
     * 40-digit hex SHA-1 (as some tools write) is converted to base32.
     */
    public static String normalise(String labelled) {
        int colon = labelled.indexOf(':');
        if (colon < 0) {
            return labelled.trim();
        }
        String alg = labelled.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT).replace("-", "");
        String value = labelled.substring(colon + 1).trim();
        if (alg.equals("sha1") && value.length() == 40 && value.matches("[0-9a-fA-F]+")) {
            try {
                return "sha1:" + BASE32.encodeAsString(Hex.decodeHex(value));
            } catch (org.apache.commons.codec.DecoderException e) {
                return alg + ":" + value;
            }
        }
        return alg + ":" + value.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The algorithm a digest label names, case-insensitively: {@code sha1}, {@code sha256},
     * {@code sha512} or {@code md5} (also spelt {@code sha-1} etc.); empty for any other label.
     */
    static Optional<String> algorithm(String label) {
        return switch (label.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
            case "sha1" -> Optional.of("sha1");
            case "sha256" -> Optional.of("sha256");
            case "sha512" -> Optional.of("sha512");
            case "md5" -> Optional.of("md5");
            default -> Optional.empty();
        };
    }

    /** The algorithm of a labelled digest {@code label:value}, if known. */
    static Optional<String> algorithmOf(String labelled) {
        int colon = labelled.indexOf(':');
        return colon <= 0 ? Optional.empty() : algorithm(labelled.substring(0, colon));
    }

    /** A fresh digester for an algorithm label, if known. */
    static Optional<MessageDigest> digester(String label) {
        return algorithm(label).map(a -> javaDigester(switch (a) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> "MD5";
        }));
    }

    private static int length(String algorithm) {
        return switch (algorithm) {
            case "sha1" -> 20;
            case "sha256" -> 32;
            case "sha512" -> 64;
            default -> 16;
        };
    }

    /**
     * The bytes a digest value spells for {@code algorithm}, read in any encoding the WARC world
     * writes: base16 (either case), base32 (either case, padded or not), base64 and base64url
     * (padded or not). The encodings of one digest length differ in length, so none is ambiguous.
     */
    static Optional<byte[]> decode(String algorithm, String value) {
        int n = length(algorithm);
        String v = value.trim();
        try {
            if (v.length() == n * 2 && v.matches("[0-9A-Fa-f]+")) {
                return Optional.of(Hex.decodeHex(v));
            }
            String unpadded = v.replaceAll("=+$", "");
            if (unpadded.length() == (n * 8 + 4) / 5 && unpadded.matches("[A-Za-z2-7]+")) {
                byte[] b = BASE32.decode(unpadded.toUpperCase(Locale.ROOT));
                return b.length == n ? Optional.of(b) : Optional.empty();
            }
            if (unpadded.length() == (n * 4 + 2) / 3) {
                if (unpadded.matches("[A-Za-z0-9+/]+")) {
                    return Optional.of(Base64.getDecoder().decode(unpadded));
                }
                if (unpadded.matches("[A-Za-z0-9_-]+")) {
                    return Optional.of(Base64.getUrlDecoder().decode(unpadded));
                }
            }
        } catch (org.apache.commons.codec.DecoderException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A labelled digest in one spelling for comparison: {@code alg:BASE32} (upper case) when the
     * algorithm is known and the value decodes in some encoding, else {@link #normalise}.
     */
    static String canonical(String labelled) {
        int colon = labelled.indexOf(':');
        if (colon > 0) {
            Optional<String> alg = algorithm(labelled.substring(0, colon));
            if (alg.isPresent()) {
                Optional<byte[]> raw = decode(alg.get(), labelled.substring(colon + 1));
                if (raw.isPresent()) {
                    return alg.get() + ":" + BASE32.encodeAsString(raw.get());
                }
            }
        }
        return normalise(labelled);
    }

    /**
     * {@code alg:} + {@code computed} in the encoding {@code declared} seems to use (base16 when it
     * is hex of the digest's length, base64 or base64url when it has their characters or length,
     * else base32), for messages.
     */
    static String spell(String algorithm, String declared, byte[] computed) {
        String v = declared.trim();
        String unpadded = v.replaceAll("=+$", "");
        String encoded;
        if (v.length() == computed.length * 2 && v.matches("[0-9a-fA-F]+")) {
            encoded = Hex.encodeHexString(computed);
        } else if (unpadded.length() == (computed.length * 4 + 2) / 3 && unpadded.matches("[A-Za-z0-9_-]+")
                && unpadded.matches(".*[-_].*")) {
            encoded = Base64.getUrlEncoder().encodeToString(computed);
        } else if (unpadded.length() == (computed.length * 4 + 2) / 3) {
            encoded = Base64.getEncoder().encodeToString(computed);
        } else {
            encoded = BASE32.encodeAsString(computed);
        }
        return algorithm + ":" + encoded;
    }
}
