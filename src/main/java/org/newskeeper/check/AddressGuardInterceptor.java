package org.newskeeper.check;

import java.io.IOException;
import java.net.InetAddress;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.newskeeper.linkstate.LinkStatus;

/**
 * Refuses URLs whose host is a literal private address ({@code http://169.254.169.254/}, the forms
 * OkHttp also takes for literals, {@code http://2130706433/}, {@code http://127.1/}, the spellings
 * browsers read as numbers, {@code http://0177.0.0.1/}, {@code http://0x7f.1/}, and IPv6 addresses
 * carrying a private IPv4 address, {@code http://[64:ff9b::7f00:1]/}): literals never reach the
 * resolver, so {@link PolicyDns} cannot see them. Mapped hosts ({@link HostMap}) are the operator's
 * own choice and pass.
 */
final class AddressGuardInterceptor implements Interceptor {
    private final AddressPolicy policy;
    private final HostMap hostMap;

    AddressGuardInterceptor(AddressPolicy policy, HostMap hostMap) {
        this.policy = policy;
        this.hostMap = hostMap;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        String host = url.host();
        if (!policy.allowPrivate() && hostMap.target(host).isEmpty() && !policy.permitsLiteral(host)) {
            throw new CheckException(LinkStatus.PRIVATE_ADDRESS, host + " is a private address"
                    + readAs(host) + " (--allow-private lifts this)");
        }
        return chain.proceed(chain.request());
    }

    /** ", read as 127.0.0.1" when the spelling is not the address's usual one. */
    static String readAs(String host) {
        StringBuilder s = new StringBuilder();
        for (InetAddress a : AddressPolicy.readings(host)) {
            String text = a.getHostAddress();
            if (!text.equalsIgnoreCase(host)) {
                s.append(s.length() == 0 ? ", read as " : " or ").append(text);
            }
        }
        return s.toString();
    }
}
