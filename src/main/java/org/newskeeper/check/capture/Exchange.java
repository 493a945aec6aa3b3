package org.newskeeper.check.capture;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One HTTP exchange exactly as it went over the wire.
 *
 * @param url          the URL requested
 * @param address      the address connected to
 * @param date         when the request was sent
 * @param request      the request bytes sent
 * @param response     the response bytes received: status line, header fields, body as sent (chunked
 *                     framing and content coding kept)
 * @param headerLength how many bytes of {@code response} are the status line and header fields
 *                     including the empty line
 * @param status       the status code
 * @param payload      the entity body with transfer coding removed (content coding kept)
 * @param truncated    whether the body was cut short (larger than the cap, or the connection ended early)
 */
public record Exchange(URI url, InetAddress address, Instant date, byte[] request, byte[] response,
        int headerLength, int status, byte[] payload, boolean truncated) {
    public Exchange {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(payload, "payload");
    }

    /** The status line and header fields of the response, with the empty line that ends them. */
    public byte[] responseHeader() {
        return Arrays.copyOf(response, headerLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exchange e && url.equals(e.url) && address.equals(e.address) && date.equals(e.date)
                && Arrays.equals(request, e.request) && Arrays.equals(response, e.response)
                && headerLength == e.headerLength && status == e.status && truncated == e.truncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, date, Arrays.hashCode(response));
    }

    @Override
    public String toString() {
        return "Exchange[" + url + " " + status + " " + response.length + " bytes from " + address.getHostAddress() + "]";
    }
}
