package org.newskeeper.linkstate;

import java.util.Locale;
import java.util.Optional;

/** The closed set of verdicts on a link. Ids are a contract: reports, JSON and the history use them. */
public enum LinkStatus {
    /** Answered 2xx at the URL itself. */
    OK(Kind.ALIVE),
    /** Alive after one or more redirects; the chain is kept. */
    REDIRECTED(Kind.ALIVE),
    /** 404, 410 or another 4xx that is not a bot wall; also redirect loops and dead ends. */
    BROKEN(Kind.FAILURE),
    /** 401, 403, 429 after retries, 999, a {@code cf-mitigated} challenge: inconclusive, not dead. */
    BLOCKED(Kind.INCONCLUSIVE),
    /** 5xx after retries. */
    SERVER_ERROR(Kind.FAILURE),
    /** No answer within the connect, read or total timeout after retries; also 408. */
    TIMEOUT(Kind.FAILURE),
    /** DNS failure, connection refused, connection reset. */
    UNREACHABLE(Kind.FAILURE),
    /** The TLS handshake failed: bad certificate, protocol mismatch. */
    TLS_ERROR(Kind.FAILURE),
    /** A 2xx that is really an error page: a redirect to the home page, or the answer to a random URL. */
    SOFT_404(Kind.FAILURE),
    /** A malformed URL, or a share link without a target. Not requested. */
    INVALID(Kind.NOT_CHECKED),
    /** A non-HTTP scheme such as {@code whatsapp://}, validated by syntax only. Not requested. */
    UNSUPPORTED(Kind.NOT_CHECKED),
    /** Matched an exclusion pattern of the {@code [links]} configuration. Not requested. */
    EXCLUDED(Kind.NOT_CHECKED),
    /** Resolves to a loopback, private, link-local, multicast or metadata address. Not requested. */
    PRIVATE_ADDRESS(Kind.NOT_CHECKED);

    /** What a status says about the link's life. */
    public enum Kind {
        /** The link resolves. */
        ALIVE,
        /** The link did not resolve; counts towards confirmation. */
        FAILURE,
        /** The server would not tell (a bot wall): neither alive nor a failure. */
        INCONCLUSIVE,
        /** The link was not requested. */
        NOT_CHECKED
    }

    private final Kind kind;

    LinkStatus(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The id used in JSON, reports and the database: {@code server-error}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isAlive() {
        return kind == Kind.ALIVE;
    }

    public boolean isFailure() {
        return kind == Kind.FAILURE;
    }

    /** The status with this id, if any. */
    public static Optional<LinkStatus> fromId(String id) {
        for (LinkStatus s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
