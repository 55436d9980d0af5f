package com.sage200events.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sandbox on its own. Environment: {@code SANDBOX_PORT} (default 8090), {@code SANDBOX_HOST}
 * (default 127.0.0.1; use 0.0.0.0 in a container), {@code SANDBOX_CLOCK_OFFSET_SECONDS} (Sage's clock
 * relative to ours, default 0), {@code SANDBOX_ACTIVITY_RATE} (operations per second of background
 * activity, default none) and {@code SANDBOX_ACTIVITY_SEED} (default 42). Everything else is set at run
 * time through the admin API (see the module's README).
 */
public final class SandboxMain {

    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);
    static final int DEFAULT_PORT = 8090;

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxConfig config = SandboxConfig.defaults()
                .withPort(port(System.getenv("SANDBOX_PORT")))
                .withHost(envOr("SANDBOX_HOST", SandboxConfig.DEFAULT_HOST))
                .withClockOffset(Duration.ofSeconds(number("SANDBOX_CLOCK_OFFSET_SECONDS", System.getenv("SANDBOX_CLOCK_OFFSET_SECONDS"), 0)));
        Sandbox sandbox = Sandbox.start(config);
        String rate = System.getenv("SANDBOX_ACTIVITY_RATE");
        if (rate != null && !rate.isBlank()) {
            ActivityConfig activity = ActivityConfig.defaults().withRate(Double.parseDouble(rate.trim()))
                    .withSeed(number("SANDBOX_ACTIVITY_SEED", System.getenv("SANDBOX_ACTIVITY_SEED"), 42));
            sandbox.startActivity(activity);
            log.info("Background activity: {} operations/s, seed {}", activity.operationsPerSecond(), activity.seed());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the Sage 200 sandbox");
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        log.info("Sage 200 sandbox listening: API {} , Sage ID {} and {}", sandbox.apiBaseUrl(), sandbox.authorizeUrl(),
                sandbox.tokenUrl());
        stopped.await();
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SANDBOX_PORT must be a number, was '" + value + "'", e);
        }
    }

    static long number(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
