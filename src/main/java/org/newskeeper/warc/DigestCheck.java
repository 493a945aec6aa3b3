package org.newskeeper.warc;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * The block and payload digests of one record, as computed while it was read, against its
 * WARC-Block-Digest and WARC-Payload-Digest, in any encoding (base16, base32, base64, base64url)
 * and for any of the labels {@code sha1}, {@code sha256}, {@code sha512}, {@code md5}; and the
 * HTTP message of a request or response (complete header, chunking, Content-Length).
 */
final class DigestCheck {
    private DigestCheck() {
    }

    static void check(RecordCheck.At at, ScannedRecord r) {
        r.first("WARC-Block-Digest").ifPresent(declared -> block(at, r, declared));
        String type = r.type();
        if (type.equals("revisit") || type.equals("warcinfo")) {
            return;
        }
        Optional<ScannedRecord.Http> http = r.http();
        if (http.isPresent()) {
            ScannedRecord.Http h = http.get();
            if (h.head().isEmpty()) {
                at.error("http", h.problem().orElse("application/http block without a complete HTTP header"));
                return;
            }
            h.problem().ifPresent(p -> at.error("http", p));
            if (!h.chunked() && r.first("WARC-Truncated").isEmpty()) {
                Optional<String> cl = h.head().get().header("Content-Length");
                if (cl.isPresent() && !cl.get().equals(Long.toString(h.payloadLength()))) {
                    at.error("http-content-length", "HTTP Content-Length " + cl.get() + " but the payload has "
                            + h.payloadLength() + " bytes");
                }
            }
        }
        r.first("WARC-Payload-Digest").ifPresent(declared -> payload(at, r, declared));
    }

    private static void block(RecordCheck.At at, ScannedRecord r, String declared) {
        Optional<String> alg = Digests.algorithmOf(declared);
        if (alg.isEmpty()) {
            at.warning("block-digest", "unknown digest algorithm, not checked: " + declared);
            return;
        }
        byte[] computed = r.blockDigests().get(alg.get());
        if (!matches(declared, computed)) {
            at.error("block-digest", "WARC-Block-Digest " + declared + " but the block's is "
                    + Digests.spell(alg.get(), value(declared), computed));
        }
    }

    private static void payload(RecordCheck.At at, ScannedRecord r, String declared) {
        Optional<String> alg = Digests.algorithmOf(declared);
        if (alg.isEmpty()) {
            at.warning("payload-digest", "unknown digest algorithm, not checked: " + declared);
            return;
        }
        if (r.payloadDigest().isEmpty()) {
            return; // an HTTP block without a complete header: reported as http
        }
        byte[] computed = r.payloadDigest().get();
        if (matches(declared, computed)) {
            return;
        }
        Optional<byte[]> body = r.http().filter(ScannedRecord.Http::chunked).flatMap(ScannedRecord.Http::bodyDigest);
        if (body.isPresent() && matches(declared, body.get())) {
            at.warning("payload-digest", "WARC-Payload-Digest " + declared + " is the digest of the transfer-encoded"
                    + " (chunked) body, not of the payload with chunking removed ("
                    + Digests.spell(alg.get(), value(declared), computed) + ")");
            return;
        }
        at.error("payload-digest", "WARC-Payload-Digest " + declared + " but the payload's is "
                + Digests.spell(alg.get(), value(declared), computed));
    }

    private static String value(String labelled) {
        return labelled.substring(labelled.indexOf(':') + 1).trim();
    }

    /** Whether the labelled digest {@code declared} spells {@code computed} in any encoding. */
    static boolean matches(String declared, byte[] computed) {
        Optional<String> alg = Digests.algorithmOf(declared);
        return alg.isPresent() && Digests.decode(alg.get(), value(declared))
                .map(d -> MessageDigest.isEqual(d, computed)).orElse(false);
    }

    /** A fresh digest for an algorithm label ({@code sha1}, {@code sha-256}, {@code md5}...), if known. */
    static Optional<MessageDigest> algorithm(String label) {
        return Digests.digester(label);
    }

    /**
     * {@code label:DIGEST} of what {@code md} was fed, normalised, in the encoding {@code declared}
     * uses (hex when it is hex of the digest's length, else base32).
     */
    static String encode(String label, String declared, MessageDigest md) {
        String encoded = declared.matches("[0-9a-fA-F]+") && declared.length() == md.getDigestLength() * 2
                ? org.apache.commons.codec.binary.Hex.encodeHexString(md.digest())
                : new org.apache.commons.codec.binary.Base32().encodeAsString(md.digest());
        return Digests.normalise(label.trim().toLowerCase(Locale.ROOT) + ":" + encoded);
    }
}
