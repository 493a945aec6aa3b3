package org.newskeeper.check.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.newskeeper.Version;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.HostMap;

/**
 * A small HTTP/1.1 client that keeps the exchange exactly as it went over the wire, for WARC
 * request and response records: the request bytes sent, and the response's status line, header
 * fields and body bytes as received (chunked framing and content coding are stored, not removed).
 * No redirect is followed: a capture records what the URL itself returns.
 *
 * <p>The host is resolved once, the address is checked against the {@link AddressPolicy}, and the
 * connection goes to that checked address. A host in the {@link HostMap} goes to its mapped
 * address over plain HTTP while the Host header keeps the original name.
 */
public final class HttpCapture {
    private static final int MAX_HEADER = 64 * 1024;

    private final AddressPolicy policy;
    private final HostMap hostMap;
    private final Duration timeout;
    private final long maxBody;
    private final String userAgent;
    private final Clock clock;
    private final SSLSocketFactory sslFactory;

    public HttpCapture(AddressPolicy policy, HostMap hostMap, Duration timeout, long maxBody) {
        this(policy, hostMap, timeout, maxBody, Version.userAgent(), Clock.systemUTC(),
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    HttpCapture(AddressPolicy policy, HostMap hostMap, Duration timeout, long maxBody, String userAgent, Clock clock,
            SSLSocketFactory tls) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.hostMap = Objects.requireNonNull(hostMap, "hostMap");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxBody = maxBody;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        this.clock = clock;
        this.sslFactory = Objects.requireNonNull(tls, "tls");
    }

    /** Fetches {@code url} with GET and returns the exchange as sent and received. */
    public Exchange fetch(URI url) throws CaptureException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CaptureException(url + ": not an HTTP URL");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new CaptureException(url + ": no host");
        }
        boolean tls = scheme.equals("https");
        int port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        Optional<InetSocketAddress> mapped = hostMap.target(host);
        InetSocketAddress target;
        if (mapped.isPresent()) {
            target = mapped.get();
            tls = false;
        } else {
            if (!policy.permitsLiteral(host)) {
                throw new CaptureException(url + ": refused private address " + host
                        + AddressPolicy.literal(host).map(a -> " (" + a.getHostAddress() + ")").orElse("")
                        + " (allow with --allow-private)");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new CaptureException(url + ": cannot resolve " + host, e);
            }
            if (!policy.permits(address)) {
                throw new CaptureException(url + ": refused private address " + address.getHostAddress()
                        + " (allow with --allow-private)");
            }
            target = new InetSocketAddress(address, port);
        }
        byte[] request = request(url, host);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos() * 3;
        Instant date = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        try (Socket plain = new Socket()) {
            plain.connect(target, millis);
            plain.setSoTimeout(millis);
            Socket socket = plain;
            if (tls) {
                SSLSocket ssl = (SSLSocket) sslFactory.createSocket(plain, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(url, target.getAddress(), date, request, socket.getInputStream(), deadline);
        } catch (SocketTimeoutException e) {
            throw new CaptureException(url + ": timed out", e);
        } catch (CaptureException e) {
            throw e;
        } catch (IOException e) {
            throw new CaptureException(url + ": " + e.getMessage(), e);
        }
    }

    private byte[] request(URI url, String host) {
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        if (ascii.getRawQuery() != null) {
            path += "?" + ascii.getRawQuery();
        }
        String hostHeader = ascii.getHost() == null ? host : ascii.getHost();
        if (url.getPort() != -1) {
            hostHeader += ":" + url.getPort();
        }
        String text = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Exchange read(URI url, InetAddress address, Instant date, byte[] request, InputStream in, long deadline)
            throws IOException {
        Recorder r = new Recorder(in, deadline);
        String statusLine = r.line(url);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new CaptureException(url + ": not an HTTP/1.x response: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new CaptureException(url + ": bad status line: " + abbreviate(statusLine), e);
        }
        long contentLength = -1;
        boolean chunked = false;
        while (true) {
            String line = r.line(url);
            if (line.isEmpty()) {
                break;
            }
            if (r.recorded.size() > MAX_HEADER) {
                throw new CaptureException(url + ": response header larger than " + MAX_HEADER + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new CaptureException(url + ": bad Content-Length: " + abbreviate(value), e);
                }
            }
        }
        int headerLength = r.recorded.size();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean truncated = false;
        boolean noBody = (status >= 100 && status < 200) || status == 204 || status == 304;
        if (!noBody) {
            if (chunked) {
                truncated = readChunked(url, r, payload);
            } else if (contentLength >= 0) {
                truncated = r.copy(payload, contentLength, maxBody) < contentLength;
            } else {
                r.copy(payload, Long.MAX_VALUE, maxBody);
                truncated = payload.size() >= maxBody && r.more();
            }
        }
        return new Exchange(url, address, date, request, r.recorded.toByteArray(), headerLength, status,
                payload.toByteArray(), truncated);
    }

    /** Reads a chunked body; returns whether it was cut short. */
    private boolean readChunked(URI url, Recorder r, ByteArrayOutputStream payload) throws IOException {
        while (true) {
            String sizeLine;
            try {
                sizeLine = r.line(url);
            } catch (CaptureException e) {
                return true;
            }
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            } catch (NumberFormatException e) {
                throw new CaptureException(url + ": bad chunk size: " + abbreviate(sizeLine), e);
            }
            if (size == 0) {
                while (true) {
                    String trailer;
                    try {
                        trailer = r.line(url);
                    } catch (CaptureException e) {
                        return true;
                    }
                    if (trailer.isEmpty()) {
                        return false;
                    }
                }
            }
            if (payload.size() + size > maxBody) {
                return true;
            }
            if (r.copy(payload, size, maxBody) < size) {
                return true;
            }
            if (!r.line(url).isEmpty()) {
                throw new CaptureException(url + ": chunk data not followed by CRLF");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Reads from the socket and keeps every byte consumed. */
    private static final class Recorder {
        final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        private final InputStream in;
        private final long deadline;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int limit;
        private boolean eof;

        Recorder(InputStream in, long deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            if (eof) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("total time limit exceeded");
            }
            int n = in.read(buf);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        boolean more() throws IOException {
            return fill();
        }

        /** A line ending in CRLF (or LF), without its end; the line's bytes are recorded. */
        String line(URI url) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (!fill()) {
                    throw new CaptureException(url + ": connection closed in the middle of a line");
                }
                byte b = buf[pos++];
                recorded.write(b);
                if (b == '\n') {
                    byte[] l = line.toByteArray();
                    int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                    return new String(l, 0, len, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
                if (recorded.size() > MAX_HEADER && line.size() > MAX_HEADER / 2) {
                    throw new CaptureException(url + ": header line too long");
                }
            }
        }

        /** Copies up to {@code n} bytes (never more than {@code cap} in {@code to}); returns how many. */
        long copy(ByteArrayOutputStream to, long n, long cap) throws IOException {
            long done = 0;
            while (done < n && to.size() < cap && fill()) {
                int k = (int) Math.min(Math.min(limit - pos, n - done), cap - to.size());
                to.write(buf, pos, k);
                recorded.write(buf, pos, k);
                pos += k;
                done += k;
            }
            return done;
        }
    }
}
