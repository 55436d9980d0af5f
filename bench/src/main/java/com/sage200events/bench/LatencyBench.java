package com.sage200events.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.json.Json;
import com.sage200events.launcher.DevStack;
import com.sage200events.launcher.DevStackOptions;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.ReceivedRequest;
import com.sage200events.testkit.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end latency (issue 12, DESIGN.md §9): the manual's instance with a 1-minute refresh interval and no
 * poll-now, customers created in the sandbox at random moments (exponential gaps, mean {@code meanGapSeconds})
 * for {@code minutes}, and for each the time from its creation to the callback receiving its event. The whole
 * system runs as {@code bin/dev} runs it (scheduler, worker, dispatcher, sandbox and inbox in this JVM); the
 * broker runs in its own JVM. Target: p99 ≤ interval + 2 s = 62 s.
 *
 * <p>Usage: {@code bin/bench LatencyBench [minutes=5] [meanGapSeconds=6]}.
 */
public final class LatencyBench {

    private static final String ACCOUNT = "User " + SchedulerConfig.DEV_USER_SECRET + ", Organization " + SchedulerConfig.DEV_ORGANIZATION_SECRET;

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double meanGapSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
        System.out.println(BenchReport.header("LatencyBench") + "  |  load " + BenchData.load());
        // The inbox is on loopback: the scheduler checks callback URLs as bin/dev does.
        System.setProperty(CallbackUrlGuard.MODE_PROPERTY, "dev");
        try {
            run(minutes, meanGapSeconds);
        } finally {
            System.exit(0); // the services' threads would keep the JVM alive after a failure
        }
    }

    private static void run(int minutes, double meanGapSeconds) throws Exception {
        String prefix = "bench-lat-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (BrokerProcess broker = BrokerProcess.start();
             DevStack stack = DevStack.start(DevStackOptions.forTest(broker.bootstrapServers(), TestRedis.endpoint().uri(), prefix))) {
            JsonHttp api = JsonHttp.withHeaders(Map.of("Authorization", ACCOUNT));
            String path = "/latency";
            String seed = Files.readString(Path.of("examples", "seed-instance.json"))
                    .replace("http://localhost:8070/inbox", stack.inbox().url(path))
                    .replace("\"event.poller.refresh_interval\": \"15\"", "\"event.poller.refresh_interval\": \"1\"");
            JsonHttp.Response created = api.post(stack.apiUrl() + "/instances", seed);
            if (created.status() != 201) {
                throw new IllegalStateException("create failed: " + created.status() + " " + created.body());
            }
            long id = created.json().get("id").asLong();
            JsonHttp.follow(created.json().get("authorizationUrl").asText());
            awaitBaselines(api, stack.apiUrl() + "/instances/" + id + "/status");

            Map<String, Instant> changedAt = new HashMap<>();
            Random random = new Random(42);
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            int n = 0;
            while (System.nanoTime() < end) {
                long gapMs = (long) (-Math.log(1 - random.nextDouble()) * meanGapSeconds * 1000);
                Thread.sleep(gapMs); // the random moment of the next change: this is the load's schedule
                Map<String, Object> customer = stack.sandbox().create("customers", Map.of("name", "Latency " + n, "reference", "LAT" + n));
                changedAt.put(customer.get("id").toString(), Instant.now());
                n++;
            }
            System.out.printf(Locale.ROOT, "%d changes over %d min; waiting for their callbacks%n", changedAt.size(), minutes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            Map<String, Instant> deliveredAt = new HashMap<>();
            while (System.nanoTime() < deadline) {
                deliveredAt = firstDeliveries(stack.inbox().requests(path));
                if (deliveredAt.keySet().containsAll(changedAt.keySet())) {
                    break;
                }
                Thread.sleep(500); // sampling the inbox
            }
            List<Double> seconds = new ArrayList<>();
            for (Map.Entry<String, Instant> change : changedAt.entrySet()) {
                Instant at = deliveredAt.get(change.getKey());
                if (at != null) {
                    seconds.add(Duration.between(change.getValue(), at).toMillis() / 1000.0);
                }
            }
            double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "change -> callback: %d of %d delivered; p50 %.1f s, p99 %.1f s, max %.1f s (target p99 <= 62 s)%n",
                    sorted.length, changedAt.size(), sorted[sorted.length / 2], sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)],
                    sorted[sorted.length - 1]);
            System.out.println("load at the end: " + BenchData.load());
        }
    }

    /** The first arrival of each customer's event at the inbox. */
    private static Map<String, Instant> firstDeliveries(List<ReceivedRequest> requests) {
        Map<String, Instant> first = new HashMap<>();
        for (ReceivedRequest r : requests) {
            for (JsonNode event : Json.tree(r.body()).path("message").path("events")) {
                if ("customers".equals(event.path("objectType").asText())) {
                    first.putIfAbsent(event.path("objectId").asText(), r.receivedAt());
                }
            }
        }
        return first;
    }

    private static void awaitBaselines(JsonHttp api, String statusUrl) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode resources = api.get(statusUrl).json().path("resources");
            boolean all = resources.size() > 0;
            for (JsonNode r : resources) {
                all &= r.hasNonNull("lastPollEnd");
            }
            if (all) {
                return;
            }
            Thread.sleep(200); // sampling the status API
        }
        throw new IllegalStateException("the baselines did not finish within a minute");
    }
}
