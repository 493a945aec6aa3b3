package org.newskeeper.check;

import java.net.UnknownHostException;

/** A name that resolves to an address the {@link AddressPolicy} refuses; thrown by the resolver, before any connection. */
final class PrivateAddressException extends UnknownHostException {
    PrivateAddressException(String message) {
        super(message);
    }
}
