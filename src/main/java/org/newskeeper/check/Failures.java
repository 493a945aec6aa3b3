package org.newskeeper.check;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import okhttp3.Headers;
import org.newskeeper.linkstate.LinkStatus;

/** How answers and failures map to the closed set of statuses, and which of them are worth a retry. */
final class Failures {
    private Failures() {
    }

    /** The status of a final answer (after redirects were followed). */
    static LinkStatus status(int code, Headers headers, boolean redirected) {
        if ("challenge".equalsIgnoreCase(headers.get("cf-mitigated"))) {
            return LinkStatus.BLOCKED;
        }
        if (code >= 200 && code < 300) {
            return redirected ? LinkStatus.REDIRECTED : LinkStatus.OK;
        }
        if (code == 304) {
            return redirected ? LinkStatus.REDIRECTED : LinkStatus.OK;
        }
        if (code == 401 || code == 403 || code == 429 || code == 999) {
            return LinkStatus.BLOCKED;
        }
        if (code == 408) {
            return LinkStatus.TIMEOUT;
        }
        if (code >= 500 && code < 600) {
            return LinkStatus.SERVER_ERROR;
        }
        return LinkStatus.BROKEN;
    }

    /** What a person reads for a final answer that is not alive. */
    static String describe(int code, Headers headers) {
        if ("challenge".equalsIgnoreCase(headers.get("cf-mitigated"))) {
            return "HTTP " + code + " with a bot challenge (cf-mitigated)";
        }
        if (code >= 300 && code < 400) {
            return "HTTP " + code + " redirect without a Location header";
        }
        return "HTTP " + code;
    }

    /** Whether an answer with this code is worth another try. */
    static boolean retryable(int code) {
        return code == 408 || code == 429 || (code >= 500 && code < 600 && code != 501 && code != 505);
    }

    /** The status of a request that failed without an answer. */
    static LinkStatus status(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CheckException) {
                return ((CheckException) t).status();
            }
            if (t instanceof PrivateAddressException) {
                return LinkStatus.PRIVATE_ADDRESS;
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return LinkStatus.TLS_ERROR;
            }
        }
        if (isTimeout(e)) {
            return LinkStatus.TIMEOUT;
        }
        return LinkStatus.UNREACHABLE;
    }

    /** A one-line description of a failure for the report. */
    static String describe(IOException e) {
        if (e instanceof CheckException || e instanceof PrivateAddressException) {
            return e.getMessage();
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnknownHostException) {
            return "unknown host: " + m;
        }
        if (e instanceof ConnectException) {
            return "connection refused: " + m;
        }
        if (isTimeout(e)) {
            return "timeout: " + m;
        }
        if (isReset(e)) {
            return "connection reset: " + m;
        }
        String name = e.getClass().getSimpleName();
        return m.isEmpty() ? name : name + ": " + m;
    }

    /**
     * Whether the host could not be reached at all: the name did not resolve, the connection was
     * refused, no route led to the host, or the connection timed out. Such a failure says as much
     * about this machine's network as about the link (see {@code LinkCheck}'s outage rule); a
     * reset, a read timeout, a TLS failure or our own refusal (private address) is not one.
     */
    static boolean isConnectionLevel(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PrivateAddressException || t instanceof CheckException) {
                return false;
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof java.net.PortUnreachableException) {
                return true;
            }
            if (t instanceof SocketTimeoutException
                    && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    static boolean isTimeout(IOException e) {
        return e instanceof SocketTimeoutException
                || (e instanceof InterruptedIOException && !(e.getCause() instanceof InterruptedException)
                        && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout"));
    }

    static boolean isReset(IOException e) {
        if (e instanceof EOFException) {
            return true;
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketException && !(e instanceof ConnectException) && !(e instanceof NoRouteToHostException)) {
            return m.contains("reset") || m.contains("broken pipe") || m.contains("closed");
        }
        return m.contains("unexpected end of stream") || e.getClass().getSimpleName().equals("StreamResetException");
    }

    /** Timeouts and resets are retried; refusals, unknown hosts, TLS failures and our own verdicts are not. */
    static boolean retryable(IOException e) {
        if (status(e) != LinkStatus.UNREACHABLE && status(e) != LinkStatus.TIMEOUT) {
            return false;
        }
        return isTimeout(e) || isReset(e);
    }

    /** A HEAD that ended like this is tried again as GET: the server may not handle HEAD. */
    static boolean fallsBackToGet(IOException e) {
        return status(e) == LinkStatus.UNREACHABLE && (isReset(e) || e instanceof ProtocolException);
    }
}
