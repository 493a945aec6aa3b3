package org.newskeeper.check;

import java.io.IOException;
import java.net.InetAddress;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.newskeeper.linkstate.LinkStatus;

/**
 * Refuses URLs whose host is a literal private address ({@code http://169.254.169.254/}, and the
 * forms OkHttp also takes for literals, {@code http://2130706433/}, {@code http://127.1/}): those
 * never reach the resolver, so {@link PolicyDns} cannot see them. Mapped hosts ({@link HostMap}) are the
 * operator's own choice and pass.
 */
final class AddressGuardInterceptor implements Interceptor {
    /** What OkHttp takes for an address and connects to without asking the resolver ("2130706433", "127.1"). */
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");

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
        if (!policy.allowPrivate() && hostMap.target(host).isEmpty() && isLiteral(host)) {
            InetAddress address = InetAddress.getByName(host); // a literal: no lookup
            if (!policy.permits(address)) {
                throw new CheckException(LinkStatus.PRIVATE_ADDRESS,
                        host + " is a private address (--allow-private lifts this)");
            }
        }
        return chain.proceed(chain.request());
    }

    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || DIGITS_AND_DOTS.matcher(host).matches();
    }
}
