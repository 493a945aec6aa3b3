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
    /** Where a record is and what a revisit of it needs to know. */
    record Seen(String file, long offset, Optional<String> payloadDigest, Optional<String> target,
            Optional<String> date) {
    }

    /** A reference from one record to another by Record-ID. */
    private record Ref(RecordCheck.At at, String field, String id) {
    }

    /** A revisit, checked against its original once every file was read. */
    private record Revisit(RecordCheck.At at, Optional<String> digest, Optional<String> refersTo,
            Optional<String> refersToTarget, Optional<String> refersToDate) {
    }

    private final Map<String, Seen> ids = new HashMap<>();
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
            Seen prior = ids.get(id.get());
            if (prior != null) {
                at.error("duplicate-record-id", "Record-ID " + id.get() + " is also used at " + prior.file() + ":"
                        + prior.offset());
            } else {
                boolean original = !type.equals("request") && !type.equals("metadata") && !type.equals("warcinfo");
                ids.put(id.get(), original ? new Seen(at.file(), at.offset(), payloadDigest, r.target(),
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
            Seen original = v.refersTo().map(ids::get).orElse(null);
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
        if (!ids.containsKey(ref.id())) {
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
        revisits.forEach(v -> v.refersTo().filter(i -> !ids.containsKey(i)).ifPresent(unknown::add));
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
            Seen referred = v.refersTo().map(i -> ids.containsKey(i) ? ids.get(i) : outside.get(i)).orElse(null);
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
