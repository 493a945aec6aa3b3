package org.newskeeper.warc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WARC record as {@link RecordScanner} streamed it: the version line and header fields, the
 * framing problems, and what was computed over its block while it went by (no block bytes are
 * kept): the block's digests, and for an HTTP block its header, its payload's digest and length
 * (chunked transfer coding removed) and the digest of the body as transferred.
 *
 * @param version         the version line, such as {@code WARC/1.1}
 * @param fields          header fields by name (case-insensitive), values in order
 * @param framing         framing problems: Content-Length against the block, the trailer, stray bytes
 * @param sharesMember    whether another record follows this one in the same gzip member
 * @param blockLength     the bytes of block read (Content-Length, or fewer when the data ends early)
 * @param blockDigests    the block's digests by algorithm ({@code sha1} always, and the declared one)
 * @param http            for a request or response with an {@code application/http} block: what its HTTP
 *                        message showed; empty otherwise
 * @param payloadDigest   the payload's digest in the algorithm of WARC-Payload-Digest, when declared and
 *                        the record has a payload (the block, or an HTTP message's entity body)
 */
record ScannedRecord(String version, Map<String, List<String>> fields, List<String> framing, boolean sharesMember,
        long blockLength, Map<String, byte[]> blockDigests, Optional<Http> http, Optional<byte[]> payloadDigest) implements WarcFields {

    /**
     * What an HTTP block held.
     *
     * @param head           the status/request line and header fields, when they ended within the block
     * @param problem        malformed chunking, or no complete header
     * @param chunked        whether the body has chunked transfer coding
     * @param payloadLength  the bytes of payload (the body, de-chunked)
     * @param bodyDigest     the digest of the body as transferred (chunk framing included), in the
     *                       payload digest's algorithm, when one is declared
     */
    record Http(Optional<HttpBlock> head, Optional<String> problem, boolean chunked, long payloadLength,
            Optional<byte[]> bodyDigest) {
    }

    ScannedRecord withSharesMember() {
        return new ScannedRecord(version, fields, framing, true, blockLength, blockDigests, http, payloadDigest);
    }

    /** {@code sha1:BASE32} of the block. */
    String blockSha1() {
        return "sha1:" + new org.apache.commons.codec.binary.Base32().encodeAsString(blockDigests.get("sha1"));
    }


    /**
     * What the record holds, for a person: the article's corpus path for our
     * {@code urn:newskeeper:<collection>:<path>} records, the URL of a capture, else its target.
     */
    Optional<String> holds() {
        Optional<String> target = target();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> article = RecordCheck.articlePath(target.get());
        if (article.isPresent()) {
            return Optional.of("article " + article.get());
        }
        return Optional.of(capture().map(url -> "capture of " + url).orElse(target.get()));
    }

    /** The URL of a capture: the target of a request, response or revisit. */
    Optional<String> capture() {
        String t = type();
        return t.equals("response") || t.equals("request") || t.equals("revisit") ? target() : Optional.empty();
    }
}
