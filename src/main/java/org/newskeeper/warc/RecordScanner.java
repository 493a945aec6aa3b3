package org.newskeeper.warc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the WARC records of one gzip member (or one uncompressed record) as they stream by, one
 * after another, computing digests while reading: a record of any declared size costs bounded
 * memory (its header, at most {@link #MAX_HEADER} bytes, and the HTTP header of its block).
 */
final class RecordScanner {
    /** The longest WARC header read; a longer one is a framing problem. */
    static final int MAX_HEADER = 1 << 20;
    /** The longest HTTP header looked for at the start of a block. */
    static final int MAX_HTTP_HEADER = 1 << 20;
    private static final int BUFFER = 16 * 1024;

    /**
     * What a member held.
     *
     * @param warc    whether it starts with a WARC version line
     * @param records its records in order (the first one flagged when others follow it)
     */
    record Scan(boolean warc, List<ScannedRecord> records) {
    }

    private RecordScanner() {
    }

    /** Reads every record of {@code content}. */
    static Scan scan(InputStream content) throws IOException {
        PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(content, 8192), 8);
        List<ScannedRecord> records = new ArrayList<>();
        while (true) {
            Optional<Next> next = record(in);
            if (next.isEmpty()) {
                return new Scan(!records.isEmpty(), records);
            }
            records.add(next.get().record());
            if (!next.get().another()) {
                return new Scan(true, records);
            }
            int last = records.size() - 1;
            records.set(last, records.get(last).withSharesMember());
        }
    }

    private record Next(ScannedRecord record, boolean another) {
    }

    /** One record; empty when the bytes do not start a WARC record at all. */
    private static Optional<Next> record(PushbackInputStream in) throws IOException {
        byte[] h = header(in);
        int eol = RawRecord.indexOf(h, 0, Math.min(h.length, 34), RawRecord.CRLF);
        if (eol < 0 || eol > 32) {
            return Optional.empty();
        }
        String version = new String(h, 0, eol, StandardCharsets.US_ASCII);
        if (!version.startsWith("WARC/")) {
            return Optional.empty();
        }
        List<String> framing = new ArrayList<>();
        boolean ended = h.length >= eol + 4 && RawRecord.indexOf(h, h.length - 4, h.length, RawRecord.CRLFCRLF) >= 0;
        if (!ended) {
            framing.add("header block does not end with CRLF CRLF");
            Sink none = new Sink(Map.of(), Optional.empty(), false, false);
            return Optional.of(new Next(none.finish(version, Map.of(), framing, 0), false));
        }
        int headerEnd = h.length - 4;
        String headerText = headerEnd > eol + 2 ? new String(h, eol + 2, headerEnd - eol - 2, StandardCharsets.UTF_8) : "";
        Map<String, List<String>> fields = RawRecord.parseFields(headerText, framing);
        long declared = -1;
        List<String> cl = fields.getOrDefault("Content-Length", List.of());
        if (!cl.isEmpty()) {
            try {
                declared = Long.parseLong(cl.get(0));
            } catch (NumberFormatException e) {
                framing.add("Content-Length is not a number: " + RawRecord.abbreviate(cl.get(0)));
            }
        }
        String type = first(fields, "WARC-Type").orElse("").toLowerCase(Locale.ROOT);
        boolean http = (type.equals("response") || type.equals("request") || type.equals("revisit"))
                && first(fields, "Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/http")).orElse(false);
        boolean payload = !type.equals("revisit") && !type.equals("warcinfo");
        Optional<String> payloadAlg = payload ? first(fields, "WARC-Payload-Digest").flatMap(Digests::algorithmOf)
                : Optional.empty();
        Map<String, MessageDigest> block = new LinkedHashMap<>();
        block.put("sha1", Digests.sha1());
        first(fields, "WARC-Block-Digest").flatMap(Digests::algorithmOf)
                .ifPresent(a -> block.computeIfAbsent(a, x -> Digests.digester(x).orElseThrow()));
        Sink sink = new Sink(block, payloadAlg, http, payload);
        byte[] buf = new byte[BUFFER];
        if (declared < 0) {
            // no usable Content-Length: the block is everything but a 4-byte trailer
            byte[] tail = new byte[4];
            int held = 0;
            long got = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                got += n;
                byte[] all = new byte[held + n];
                System.arraycopy(tail, 0, all, 0, held);
                System.arraycopy(buf, 0, all, held, n);
                int pass = Math.max(0, all.length - 4);
                sink.update(all, 0, pass);
                held = all.length - pass;
                System.arraycopy(all, pass, tail, 0, held);
            }
            return Optional.of(new Next(sink.finish(version, fields, framing, Math.max(0, got - 4)), false));
        }
        long got = 0;
        while (got < declared) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, declared - got));
            if (n < 0) {
                break;
            }
            sink.update(buf, 0, n);
            got += n;
        }
        if (got < declared) {
            framing.add("Content-Length " + declared + " is larger than the " + Math.max(0, got - 4)
                    + " bytes of the record's block");
            return Optional.of(new Next(sink.finish(version, fields, framing, got), false));
        }
        byte[] trailer = in.readNBytes(4);
        boolean another = false;
        if (trailer.length < 4 || RawRecord.indexOf(trailer, 0, 4, RawRecord.CRLFCRLF) != 0) {
            long rest = trailer.length + drain(in);
            framing.add("Content-Length " + declared + " does not end at the record's CRLF CRLF trailer"
                    + " (" + Math.max(0, rest - 4) + " bytes after the block)");
        } else {
            byte[] peek = in.readNBytes(5);
            if (peek.length > 0) {
                in.unread(peek);
                if (new String(peek, StandardCharsets.US_ASCII).equals("WARC/")) {
                    another = true;
                } else {
                    framing.add(drain(in) + " stray bytes after the record's trailer");
                }
            }
        }
        return Optional.of(new Next(sink.finish(version, fields, framing, got), another));
    }

    /** The version line and header fields up to and including CRLF CRLF (or as far as they go). */
    private static byte[] header(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (out.size() < MAX_HEADER && (b = in.read()) >= 0) {
            out.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
            if (out.size() == 34 && RawRecord.indexOf(out.toByteArray(), 0, 34, RawRecord.CRLF) < 0) {
                break; // no version line: not a record
            }
        }
        return out.toByteArray();
    }

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] skip = new byte[BUFFER];
        int r;
        while ((r = in.read(skip)) > 0) {
            n += r;
        }
        return n;
    }

    private static Optional<String> first(Map<String, List<String>> fields, String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** Everything computed over a block while it streams by. */
    private static final class Sink {
        private final Map<String, MessageDigest> block;
        private final boolean http;
        private final Optional<MessageDigest> payload;
        private final Optional<MessageDigest> body;
        // HTTP header
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private int last4;
        private boolean headDone;
        private boolean headTooLong;
        private Optional<HttpBlock> parsedHead = Optional.empty();
        private boolean chunked;
        private Dechunker dechunker;
        private long payloadLength;

        Sink(Map<String, MessageDigest> block, Optional<String> payloadAlg, boolean http, boolean hasPayload) {
            this.block = block;
            this.http = http;
            this.payload = hasPayload ? payloadAlg.flatMap(Digests::digester) : Optional.empty();
            this.body = http ? payloadAlg.flatMap(Digests::digester) : Optional.empty();
        }

        void update(byte[] b, int off, int len) {
            for (MessageDigest md : block.values()) {
                md.update(b, off, len);
            }
            if (!http) {
                payload.ifPresent(md -> md.update(b, off, len));
                payloadLength += len;
                return;
            }
            int i = off;
            int end = off + len;
            while (!headDone && !headTooLong && i < end) {
                int c = b[i++] & 0xff;
                head.write(c);
                last4 = (last4 << 8) | c;
                if (last4 == 0x0d0a0d0a) {
                    headDone = true;
                    byte[] hb = head.toByteArray();
                    parsedHead = HttpBlock.parse(hb, 0, hb.length);
                    chunked = parsedHead.map(x -> x.chunked).orElse(false);
                    if (chunked) {
                        dechunker = new Dechunker(this::payload);
                    }
                } else if (head.size() >= MAX_HTTP_HEADER) {
                    headTooLong = true;
                }
            }
            if (!headDone || i >= end) {
                return;
            }
            int from = i;
            body.ifPresent(md -> md.update(b, from, end - from));
            if (chunked) {
                dechunker.update(b, from, end - from);
            } else {
                payload(b, from, end - from);
            }
        }

        private void payload(byte[] b, int off, int len) {
            payload.ifPresent(md -> md.update(b, off, len));
            payloadLength += len;
        }

        ScannedRecord finish(String version, Map<String, List<String>> fields, List<String> framing, long blockLength) {
            Map<String, byte[]> digests = new LinkedHashMap<>();
            block.forEach((alg, md) -> digests.put(alg, md.digest()));
            Optional<ScannedRecord.Http> h = Optional.empty();
            if (http) {
                Optional<String> problem = !headDone ? Optional.of("application/http block without a complete HTTP header")
                        : chunked ? dechunker.finish() : Optional.empty();
                h = Optional.of(new ScannedRecord.Http(headDone ? parsedHead : Optional.empty(), problem, chunked,
                        payloadLength, body.map(MessageDigest::digest)));
            }
            Optional<byte[]> p = http && !headDone ? Optional.empty() : payload.map(MessageDigest::digest);
            return new ScannedRecord(version, fields, List.copyOf(framing), false, blockLength, digests, h, p);
        }
    }

    /** Removes chunked transfer coding as the body streams by. */
    private static final class Dechunker {
        private enum State { SIZE, DATA, DATA_CR, DATA_LF, TRAILER, DONE, FAILED }

        interface Out {
            void write(byte[] b, int off, int len);
        }

        private final Out out;
        private State state = State.SIZE;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long size;
        private long remaining;
        private Optional<String> problem = Optional.empty();

        Dechunker(Out out) {
            this.out = out;
        }

        void update(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end && state != State.DONE && state != State.FAILED) {
                switch (state) {
                    case SIZE, TRAILER -> {
                        int c = b[i++] & 0xff;
                        line.write(c);
                        byte[] l = line.toByteArray();
                        if (l.length >= 2 && l[l.length - 2] == '\r' && l[l.length - 1] == '\n') {
                            String text = new String(l, 0, l.length - 2, StandardCharsets.ISO_8859_1);
                            line.reset();
                            if (state == State.SIZE) {
                                sizeLine(text);
                            } else if (text.isEmpty()) {
                                state = State.DONE;
                            }
                        } else if (line.size() > 8192) {
                            fail(state == State.SIZE ? "bad chunk size: " + RawRecord.abbreviate(
                                    new String(l, StandardCharsets.ISO_8859_1)) : "chunked body has no final CRLF");
                        }
                    }
                    case DATA -> {
                        int n = (int) Math.min(remaining, end - i);
                        out.write(b, i, n);
                        i += n;
                        remaining -= n;
                        if (remaining == 0) {
                            state = State.DATA_CR;
                        }
                    }
                    case DATA_CR, DATA_LF -> {
                        int c = b[i++];
                        if (c != (state == State.DATA_CR ? '\r' : '\n')) {
                            fail("chunk data not followed by CRLF");
                        } else {
                            state = state == State.DATA_CR ? State.DATA_LF : State.SIZE;
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
        }

        private void sizeLine(String text) {
            int semi = text.indexOf(';');
            String hex = (semi >= 0 ? text.substring(0, semi) : text).trim();
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                fail("bad chunk size: " + RawRecord.abbreviate(text));
                return;
            }
            if (size < 0) {
                fail("bad chunk size: " + RawRecord.abbreviate(text));
            } else if (size == 0) {
                state = State.TRAILER;
            } else {
                remaining = size;
                state = State.DATA;
            }
        }

        private void fail(String why) {
            problem = Optional.of(why);
            state = State.FAILED;
        }

        Optional<String> finish() {
            return switch (state) {
                case SIZE -> Optional.of("chunked body ends inside a chunk size line");
                case DATA, DATA_CR, DATA_LF -> Optional.of("chunk of " + size + " bytes runs past the body");
                case TRAILER -> Optional.of("chunked body has no final CRLF");
                case DONE -> Optional.empty();
                case FAILED -> problem;
            };
        }
    }
}
