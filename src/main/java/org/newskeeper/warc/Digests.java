package org.newskeeper.warc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.binary.Hex;

/** The digests the archive uses: {@code sha1:} + base32 (RFC 4648) in WARC fields, sha256 hex in WACZ. */
public final class Digests {
    private static final Base32 BASE32 = new Base32();

    private Digests() {
    }

    /** A new SHA-1 digester. */
    public static MessageDigest sha1() {
        return digester("SHA-1");
    }

    /** A new SHA-256 digester. */
    public static MessageDigest sha256() {
        return digester("SHA-256");
    }

    private static MessageDigest digester(String algorithm) {
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
        return "sha1:" + BASE32.encodeAsString(sha1.digest());
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
}
