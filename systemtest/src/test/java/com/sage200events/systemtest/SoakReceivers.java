package com.sage200events.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customers' endpoints of a soak: one HTTP server per {@link Behaviour}, each on its own port so that the
 * dispatcher's per-endpoint limits and breaker treat them as the different customers they are. Only a {@code 2xx}
 * that the receiver sent in time goes into the {@link CallbackLedger}.
 */
final class SoakReceivers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SoakReceivers.class);
    /** Past the dispatcher's 20 s deadline (DELIVERY_DEADLINE_SECONDS): the dispatcher has given up, so not accepted. */
    static final Duration TOO_SLOW = Duration.ofSeconds(25);
    static final String PATH = "/hooks";

    /** How an endpoint answers. */
    enum Behaviour {
        /** 200 at once. */
        OK,
        /** 500 to three requests in ten, else 200. */
        FLAKY,
        /** 200 after 0.5 to 4 s; one request in twenty only after {@link #TOO_SLOW}, which the dispatcher times out. */
        SLOW,
        /** 200 at once, but its server is stopped (connection refused) for minutes in the middle of the run. */
        OUTAGE
    }

    private final CallbackLedger ledger;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newFixedThreadPool(96, r -> {
        Thread thread = new Thread(r, "soak-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Behaviour, Integer> ports = new EnumMap<>(Behaviour.class);
    private final Map<Behaviour, HttpServer> servers = new EnumMap<>(Behaviour.class);
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicLong refusedBodies = new AtomicLong();

    SoakReceivers(CallbackLedger ledger) {
        this.ledger = ledger;
        for (Behaviour behaviour : Behaviour.values()) {
            servers.put(behaviour, serve(behaviour, 0));
            ports.put(behaviour, servers.get(behaviour).getAddress().getPort());
        }
    }

    String url(Behaviour behaviour) {
        return "http://127.0.0.1:" + ports.get(behaviour) + PATH;
    }

    /** Stops the {@link Behaviour#OUTAGE} server: its port refuses connections until {@link #endOutage()}. */
    synchronized void startOutage() {
        servers.get(Behaviour.OUTAGE).stop(0);
        log.info("SOAK receiver outage starts: port {} refuses connections", ports.get(Behaviour.OUTAGE));
    }

    synchronized void endOutage() throws InterruptedException {
        // The port was just released; the OS may hold it a moment longer.
        for (int attempt = 1; ; attempt++) {
            try {
                servers.put(Behaviour.OUTAGE, serve(Behaviour.OUTAGE, ports.get(Behaviour.OUTAGE)));
                break;
            } catch (UncheckedIOException e) {
                if (attempt == 60) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        log.info("SOAK receiver outage ends: port {} answers again", ports.get(Behaviour.OUTAGE));
    }

    /** Answers sent so far by status code (a too-slow 200 counted as 0: the dispatcher had given up). */
    Map<Integer, Long> answers() {
        Map<Integer, Long> copy = new TreeMap<>();
        answers.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    long refusedBodies() {
        return refusedBodies.get();
    }

    private HttpServer serve(Behaviour behaviour, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            server.createContext(PATH, exchange -> handle(behaviour, exchange));
            server.setExecutor(threads);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " for " + behaviour, e);
        }
    }

    private void handle(Behaviour behaviour, HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int status = 200;
            boolean inTime = true;
            if (behaviour == Behaviour.FLAKY && random.nextInt(10) < 3) {
                status = 500;
            } else if (behaviour == Behaviour.SLOW) {
                boolean tooSlow = random.nextInt(20) == 0;
                sleep(tooSlow ? TOO_SLOW.toMillis() : 500 + random.nextInt(3_500));
                inTime = !tooSlow;
            }
            if (status == 200 && inTime) {
                try {
                    JsonNode notification = json.readTree(body);
                    ledger.accept(notification, Instant.now());
                } catch (IOException | IllegalArgumentException e) {
                    refusedBodies.incrementAndGet();
                    log.error("SOAK a callback that is not a notification: {}", e.toString());
                    status = 400;
                }
            }
            answers.computeIfAbsent(inTime ? status : 0, c -> new AtomicLong()).incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
        threads.shutdownNow();
    }
}
