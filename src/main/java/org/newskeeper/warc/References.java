package org.newskeeper.warc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What records say about each other across all files verified: Record-IDs used once; every
 * WARC-Concurrent-To, WARC-Refers-To and WARC-Warcinfo-ID naming a record of the files given (a
 * record outside them is a warning: another file of the same crawl may hold it); each revisit's
 * payload digest, target and date against its original's.
 */
final class References {
    /**
     * Where a record is and what a revisit of it needs to know. Held for every record read, so its
     * three fields are kept as one byte array (decoded when a revisit is checked against it).
     */
    static final class Seen {
        private final String file;
        private final long offset;
        /** payload digest, target and date, each as a presence byte, a length and UTF-8; null when all absent. */
        private final byte[] fields;

        Seen(String file, long offset, Optional<String> payloadDigest, Optional<String> target, Optional<String> date) {
            this.file = file;
            this.offset = offset;
            this.fields = payloadDigest.isEmpty() && target.isEmpty() && date.isEmpty() ? null
                    : pack(List.of(payloadDigest, target, date));
        }

        String file() {
            return file;
        }

        long offset() {
            return offset;
        }

        Optional<String> payloadDigest() {
            return field(0);
        }

        Optional<String> target() {
            return field(1);
        }

        Optional<String> date() {
            return field(2);
        }

        private static byte[] pack(List<Optional<String>> values) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
            java.io.DataOutputStream data = new java.io.DataOutputStream(out);
            try {
                for (Optional<String> v : values) {
                    data.writeBoolean(v.isPresent());
                    if (v.isPresent()) {
                        byte[] b = v.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        data.writeInt(b.length);
                        data.write(b);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // never: in memory
            }
            return out.toByteArray();
        }

        private Optional<String> field(int index) {
            if (fields == null) {
                return Optional.empty();
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(fields);
            for (int i = 0; ; i++) {
                boolean present = b.get() != 0;
                int length = present ? b.getInt() : 0;
                if (i == index) {
                    return present ? Optional.of(new String(fields, b.position(), length,
                            java.nio.charset.StandardCharsets.UTF_8)) : Optional.empty();
                }
                b.position(b.position() + length);
            }
        }
    }

    /**
     * A Record-ID as a key: a {@code urn:uuid:} with 36 lower-case characters (what we and most
     * tools write) as its two 64-bit halves, anything else as itself; the two forms never equal.
     */
    static Object key(String id) {
        if (id.length() != 45 || !id.startsWith("urn:uuid:")) {
            return id;
        }
        long hi = 0;
        long lo = 0;
        int digits = 0;
        for (int i = 9; i < 45; i++) {
            char c = id.charAt(i);
            if (i == 17 || i == 22 || i == 27 || i == 32) {
                if (c != '-') {
                    return id;
                }
                continue;
            }
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return id;
            }
            if (digits < 16) {
                hi = (hi << 4) | d;
            } else {
                lo = (lo << 4) | d;
            }
            digits++;
        }
        return new Uuid(hi, lo);
    }

    private record Uuid(long hi, long lo) {
    }

    /** A reference from one record to another by Record-ID. */
    private record Ref(RecordCheck.At at, String field, String id) {
    }

    /** A revisit, checked against its original once every file was read. */
    private record Revisit(RecordCheck.At at, Optional<String> digest, Optional<String> refersTo,
            Optional<String> refersToTarget, Optional<String> refersToDate) {
    }

    /** Every record read, by {@link #key} of its Record-ID. */
    private final Map<Object, Seen> ids = new HashMap<>();
    /**
     * References to Record-IDs not seen yet, by that ID: a reference to a record already read is
     * satisfied at once and not kept, so what stays in memory is what is still unresolved.
     */
    private final Map<String, List<Ref>> pending = new HashMap<>();
    /** Revisits whose original was not read yet (a revisit of an original already read is checked at once). */
    private final List<Revisit> revisits = new ArrayList<>();
    private final Map<String, Boolean> payloadDigests = new HashMap<>();

    /** Notes the record {@code r}; reports a Record-ID seen before. */
    void record(RecordCheck.At at, ScannedRecord r) {
        String type = r.type();
        Optional<String> payloadDigest = r.first("WARC-Payload-Digest").map(Digests::canonical);
        Optional<String> id = r.id();
        if (id.isPresent()) {
            Object key = key(id.get());
            Seen prior = ids.get(key);
            if (prior != null) {
                at.error("duplicate-record-id", "Record-ID " + id.get() + " is also used at " + prior.file() + ":"
                        + prior.offset());
            } else {
                boolean original = !type.equals("request") && !type.equals("metadata") && !type.equals("warcinfo");
                ids.put(key, original ? new Seen(at.file(), at.offset(), payloadDigest, r.target(),
                        r.first("WARC-Date")) : new Seen(at.file(), at.offset(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
                pending.remove(id.get());
            }
        }
        for (String c : r.all("WARC-Concurrent-To")) {
            refer(new Ref(at, "WARC-Concurrent-To", RawRecord.unbracket(c)));
        }
        r.first("WARC-Warcinfo-ID").ifPresent(w -> refer(new Ref(at, "WARC-Warcinfo-ID", RawRecord.unbracket(w))));
        r.first("WARC-Refers-To").ifPresent(w -> refer(new Ref(at, "WARC-Refers-To", RawRecord.unbracket(w))));
        if (type.equals("revisit")) {
            Revisit v = new Revisit(at, payloadDigest, r.first("WARC-Refers-To").map(RawRecord::unbracket),
                    r.first("WARC-Refers-To-Target-URI").map(RawRecord::unbracket), r.first("WARC-Refers-To-Date"));
            Seen original = v.refersTo().map(i -> ids.get(key(i))).orElse(null);
            if (original != null) {
                check(v, original);
            } else {
                revisits.add(v);
            }
        } else if (payloadDigest.isPresent()) {
            payloadDigests.putIfAbsent(payloadDigest.get(), Boolean.TRUE);
        }
    }

    private void refer(Ref ref) {
        if (!ids.containsKey(key(ref.id()))) {
            pending.computeIfAbsent(ref.id(), i -> new ArrayList<>(1)).add(ref);
        }
    }

    /**
     * Records of the archive outside the files read, by Record-ID: a rolling audit reads some of an
     * archive's files and finds the originals its revisits refer to in the archive index.
     */
    interface Elsewhere {
        /** The records among {@code ids} that the archive holds outside the files read. */
        Map<String, Seen> find(java.util.Set<String> ids) throws java.io.IOException;
    }

    /** Checks every reference and revisit once all files were read. */
    void check() {
        try {
            check(ids -> Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // never: nothing is looked up
        }
    }

    /**
     * Checks every reference and revisit once all files were read, a Record-ID that names no record
     * read being looked up {@code elsewhere} first.
     */
    void check(Elsewhere elsewhere) throws java.io.IOException {
        java.util.Set<String> unknown = new java.util.TreeSet<>(pending.keySet());
        revisits.forEach(v -> v.refersTo().filter(i -> !ids.containsKey(key(i))).ifPresent(unknown::add));
        Map<String, Seen> outside = unknown.isEmpty() ? Map.of() : elsewhere.find(unknown);
        for (List<Ref> refs : pending.values()) {
            for (Ref ref : refs) {
                if (!outside.containsKey(ref.id())) {
                    ref.at().warning("dangling-reference", ref.field() + " " + ref.id()
                            + " names no record in the files verified");
                }
            }
        }
        for (Revisit v : revisits) {
            Seen referred = v.refersTo().map(i -> ids.containsKey(key(i)) ? ids.get(key(i)) : outside.get(i)).orElse(null);
            check(v, referred);
        }
    }

    /** Checks a revisit against its original ({@code null} when no record read or archived is it). */
    private void check(Revisit v, Seen referred) {
        if (referred != null) {
            if (v.refersToTarget().isPresent() && !v.refersToTarget().equals(referred.target())) {
                v.at().error("revisit-refers-to", "WARC-Refers-To-Target-URI " + v.refersToTarget().get()
                        + " is not the original's " + referred.target().orElse("(none)"));
            }
            if (v.refersToDate().isPresent() && !sameInstant(v.refersToDate().get(), referred.date())) {
                v.at().error("revisit-refers-to", "WARC-Refers-To-Date " + v.refersToDate().get()
                        + " is not the original's " + referred.date().orElse("(none)"));
            }
        }
        if (v.digest().isEmpty()) {
            return;
        }
        String digest = v.digest().get();
        if (referred != null) {
            Optional<String> od = referred.payloadDigest();
            if (od.isEmpty() || !od.get().equals(digest)) {
                v.at().error("revisit-digest", "payload digest " + digest + " differs from the original's "
                        + od.orElse("(none)") + " at " + referred.file() + ":" + referred.offset());
            }
            return;
        }
        if (!payloadDigests.containsKey(digest)) {
            v.at().warning("revisit-digest", "payload digest " + digest
                    + " matches no archived payload");
        }
    }

    private static boolean sameInstant(String a, Optional<String> b) {
        try {
            return b.isPresent() && Instant.parse(a).equals(Instant.parse(b.get()));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
