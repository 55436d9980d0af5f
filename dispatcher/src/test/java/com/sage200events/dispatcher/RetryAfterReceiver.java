package com.sage200events.dispatcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/** A receiver that answers its first POST with a status and a {@code Retry-After} header, then 200 (the kit's cannot set headers). */
final class RetryAfterReceiver implements AutoCloseable {

    private final HttpServer server;

    private RetryAfterReceiver(HttpServer server) {
        this.server = server;
    }

    static RetryAfterReceiver start(int status, String retryAfter) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AtomicBoolean first = new AtomicBoolean(true);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    if (first.getAndSet(false)) {
                        exchange.getResponseHeaders().set("Retry-After", retryAfter);
                        exchange.sendResponseHeaders(status, -1);
                    } else {
                        exchange.sendResponseHeaders(200, -1);
                    }
                }
            });
            server.start();
            return new RetryAfterReceiver(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/limited";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
