package com.sage200events.dispatcher.internal;

import com.sage200events.common.http.CallbackUrlGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The SSRF guard at connect time (DESIGN.md §6): the HTTP client connects only to addresses this resolver
 * hands it, and it hands none of a host with any address the {@link CallbackUrlGuard} refuses. So the address
 * checked is the address connected to, even when a callback's DNS answer changes between an earlier check and
 * the connection (DNS rebinding). Resolution itself is Jetty's asynchronous resolver, off the I/O threads.
 */
final class GuardedAddressResolver implements SocketAddressResolver {

    private final CallbackUrlGuard guard;
    private final SocketAddressResolver delegate;

    GuardedAddressResolver(CallbackUrlGuard guard, SocketAddressResolver delegate) {
        this.guard = guard;
        this.delegate = delegate;
    }

    @Override
    public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        delegate.resolve(host, port, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                for (InetSocketAddress address : addresses) {
                    Optional<String> why = guard.refusal(host, address.getAddress());
                    if (why.isPresent()) {
                        promise.failed(new RefusedAddressException(why.get()));
                        return;
                    }
                }
                promise.succeeded(addresses);
            }

            @Override
            public void failed(Throwable failure) {
                promise.failed(failure);
            }
        });
    }

    /** The guard refused an address the callback's host resolved to; the message says which and why. */
    static final class RefusedAddressException extends IOException {
        RefusedAddressException(String reason) {
            super(reason);
        }
    }
}
