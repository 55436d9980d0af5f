package com.sage200events.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP endpoint on 127.0.0.1 standing in for a customer's webhook URL. It records every POST and
 * answers by plan: queued statuses first ({@link #respondWith}), then 200; optionally slowly
 * ({@link #hangFor}). A GET on a path returns the bodies POSTed there as a JSON array, so in the dev
 * stack {@code GET /inbox/<name>} shows what was delivered.
 *
 * <p>Built on the JDK's {@code HttpServer} rather than Javalin: the receiver needs one catch-all handler
 * and exact control over status and timing, nothing a framework adds; and it keeps Jetty off the
 * classpath of every module that tests with the kit, and starts in milliseconds.
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Clock clock;
    private final ResponsePlan plan = new ResponsePlan();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server, ExecutorService handlers, Clock clock) {
        this.server = server;
        this.handlers = handlers;
        this.clock = clock;
    }

    /** A receiver on a free port. */
    private volatile String setCookie;

    public static WebhookReceiver start() {
        return start(0);
    }

    /** A receiver on the given port (0 picks a free one), e.g. a fixed port for the dev stack. */
    public static WebhookReceiver start(int port) {
        return start(port, Clock.systemUTC());
    }

    static WebhookReceiver start(int port, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        // The JDK default runs every exchange on one thread: a single hanging reply would stall the
        // rest, which is not how a slow real endpoint behaves towards concurrent deliveries.
        AtomicInteger threads = new AtomicInteger();
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        WebhookReceiver receiver = new WebhookReceiver(server, handlers, clock);
        server.createContext("/", receiver::handle);
        server.setExecutor(handlers);
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The absolute URL of {@code path} on this receiver, e.g. {@code url("/hooks/a")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Answers the next POSTs with these statuses, in order, after any already queued; then 200 again. */
    public WebhookReceiver respondWith(int... statuses) {
        plan.enqueue(Duration.ZERO, statuses);
        return this;
    }

    /** Like {@link #respondWith(int...)}, each of these replies also held back by {@code delay}. */
    public WebhookReceiver respondWith(Duration delay, int... statuses) {
        plan.enqueue(delay, statuses);
        return this;
    }

    /** Holds back every reply from now on by {@code delay}, to look like a slow endpoint; ZERO ends it. */
    public WebhookReceiver hangFor(Duration delay) {
        plan.delayEveryReply(delay);
        return this;
    }

    /** Answers every POST from now on with this {@code Set-Cookie} header too (null: none), as some web stacks do. */
    public WebhookReceiver setCookie(String cookie) {
        this.setCookie = cookie;
        return this;
    }

    /** Every POST so far, oldest first; a snapshot safe to iterate while requests keep arriving. */
    public List<ReceivedRequest> requests() {
        return List.copyOf(received);
    }

    /** The POSTs to one path, oldest first. */
    public List<ReceivedRequest> requests(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Forgets recorded requests and the plan (queued statuses and delay), for reuse across tests. */
    public void clear() {
        received.clear();
        plan.reset();
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts replies still hanging, so close() never waits out a planned delay.
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> record(exchange);
                case "GET" -> listBodies(exchange);
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    private void record(HttpExchange exchange) throws IOException {
        Instant receivedAt = clock.instant();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ResponsePlan.Reply reply = plan.next();
        received.add(new ReceivedRequest(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                body, receivedAt, reply.status()));
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String cookie = setCookie;
        if (cookie != null) {
            exchange.getResponseHeaders().add("Set-Cookie", cookie);
        }
        try {
            exchange.sendResponseHeaders(reply.status(), -1);
        } catch (IOException senderGaveUp) {
            // The sender timed out while we hung: that is the slow endpoint doing its job, not an error.
        }
    }

    private void listBodies(HttpExchange exchange) throws IOException {
        byte[] json = InboxJson.render(requests(exchange.getRequestURI().getPath()));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
