package org.newskeeper.warc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP message as stored in a request, response or revisit block: start line, header fields and
 * the payload (the entity body with any chunked transfer coding removed; content coding kept).
 */
final class HttpBlock {
    final String startLine;
    final List<String[]> headers;
    final int headerLength;
    /** The entity body, de-chunked; empty when the message has none or it could not be de-chunked. */
    final byte[] payload;
    final boolean chunked;
    final Optional<String> problem;

    private HttpBlock(String startLine, List<String[]> headers, int headerLength, byte[] payload, boolean chunked,
            Optional<String> problem) {
        this.startLine = startLine;
        this.headers = headers;
        this.headerLength = headerLength;
        this.payload = payload;
        this.chunked = chunked;
        this.problem = problem;
    }

    /** Parses {@code data[from, from+length)}; empty when it holds no complete HTTP header. */
    static Optional<HttpBlock> parse(byte[] data, int from, int length) {
        int to = from + length;
        int end = RawRecord.indexOf(data, from, to, RawRecord.CRLFCRLF);
        if (end < 0) {
            return Optional.empty();
        }
        String head = new String(data, from, end - from, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n", -1);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        int bodyStart = end + 4;
        boolean chunked = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding")
                && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        byte[] payload;
        Optional<String> problem = Optional.empty();
        if (chunked) {
            Dechunked d = dechunk(data, bodyStart, to);
            payload = d.body;
            problem = d.problem;
        } else {
            payload = java.util.Arrays.copyOfRange(data, bodyStart, to);
        }
        return Optional.of(new HttpBlock(lines[0], headers, bodyStart - from, payload, chunked, problem));
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    /** The status code of a response, when the start line has one. */
    Optional<Integer> status() {
        String[] parts = startLine.split(" ", 3);
        if (parts.length >= 2 && parts[0].startsWith("HTTP/")) {
            try {
                return Optional.of(Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The base media type of the payload, {@code unk} when absent (as pywb writes it). */
    String mime() {
        return header("Content-Type").map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).orElse("unk");
    }

    record Dechunked(byte[] body, Optional<String> problem, int end) {
    }

    /** Removes chunked transfer coding from {@code data[from, to)}. */
    static Dechunked dechunk(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = from;
        while (true) {
            int eol = RawRecord.indexOf(data, p, to, RawRecord.CRLF);
            if (eol < 0) {
                return new Dechunked(out.toByteArray(), Optional.of("chunked body ends inside a chunk size line"), to);
            }
            String sizeLine = new String(data, p, eol - p, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                return new Dechunked(out.toByteArray(), Optional.of("bad chunk size: " + RawRecord.abbreviate(sizeLine)), to);
            }
            p = eol + 2;
            if (size == 0) {
                // trailer fields until an empty line
                while (true) {
                    int t = RawRecord.indexOf(data, p, to, RawRecord.CRLF);
                    if (t < 0) {
                        return new Dechunked(out.toByteArray(), Optional.of("chunked body has no final CRLF"), to);
                    }
                    boolean empty = t == p;
                    p = t + 2;
                    if (empty) {
                        return new Dechunked(out.toByteArray(), Optional.empty(), p);
                    }
                }
            }
            if (size < 0 || p + size + 2 > to) {
                return new Dechunked(out.toByteArray(), Optional.of("chunk of " + size + " bytes runs past the body"), to);
            }
            out.write(data, p, (int) size);
            p += (int) size;
            if (data[p] != '\r' || data[p + 1] != '\n') {
                return new Dechunked(out.toByteArray(), Optional.of("chunk data not followed by CRLF"), to);
            }
            p += 2;
        }
    }
}
