package com.sage200events.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.common.http.CallbackUrlGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;

/**
 * The connect-time half of the SSRF guard. DNS cannot be made to rebind here, so the resolver underneath
 * answers what a rebinding name would answer at connect time; the guard's verdict is the real one.
 */
class GuardedAddressResolverTest {

    @Test
    void aHostThatResolvesToLoopbackAtConnectTimeIsRefusedNamingTheAddress() throws Exception {
        Throwable failure = resolve(CallbackUrlGuard.production(), "rebinding.example", "93.184.216.34", "127.0.0.1").handle((ok, e) -> e).get();
        assertThat(failure).isInstanceOf(GuardedAddressResolver.RefusedAddressException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("loopback");
    }

    @Test
    void theMetadataAddressIsRefusedEvenInDevMode() throws Exception {
        Throwable failure = resolve(CallbackUrlGuard.dev(), "metadata.example", "169.254.169.254").handle((ok, e) -> e).get();
        assertThat(failure).hasMessageContaining("metadata");
    }

    @Test
    void publicAddressesAndAllowListedHostsAreHandedToTheClient() throws Exception {
        assertThat(resolve(CallbackUrlGuard.production(), "public.example", "93.184.216.34").get()).hasSize(1);
        CallbackUrlGuard allowing = new CallbackUrlGuard(CallbackUrlGuard.Mode.PRODUCTION, List.of("receiver.internal"));
        assertThat(resolve(allowing, "receiver.internal", "10.0.0.7").get()).hasSize(1);
    }

    private static CompletableFuture<List<InetSocketAddress>> resolve(CallbackUrlGuard guard, String host, String... answers) {
        SocketAddressResolver dns = (name, port, promise) -> promise.succeeded(List.of(answers).stream()
                .map(a -> new InetSocketAddress(literal(a), port)).toList());
        CompletableFuture<List<InetSocketAddress>> result = new CompletableFuture<>();
        new GuardedAddressResolver(guard, dns).resolve(host, 443, Promise.from(result::complete, result::completeExceptionally));
        return result;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
