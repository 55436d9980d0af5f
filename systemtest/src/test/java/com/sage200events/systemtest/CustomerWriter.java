package com.sage200events.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.testkit.JsonHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Changes customers in Sage at a steady rate through the sandbox's admin API, as an accounts team would, and
 * remembers every write: the id and the {@code date_time_updated} Sage gave it. Each write is one change the
 * pipeline may report (or, if the same customer changes again before a poll, one that only its successor shows).
 */
final class CustomerWriter implements AutoCloseable {

    /** One change in Sage. */
    record Write(String id, Instant updated) {
    }

    private final JsonHttp http = JsonHttp.withHeaders(Map.of());
    private final String resourcesUrl;
    private final Random random = new Random(7);
    private final List<String> ids = new ArrayList<>();                  // only the writer thread touches it
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final Map<String, Write> latest = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "customer-writer"));

    private CustomerWriter(String sandboxBaseUrl) {
        this.resourcesUrl = sandboxBaseUrl + "/_sandbox/resources/customers";
    }

    /** One write every {@code period}: a new customer while there are few, else mostly updates. */
    static CustomerWriter start(String sandboxBaseUrl, Duration period) {
        CustomerWriter writer = new CustomerWriter(sandboxBaseUrl);
        writer.executor.scheduleAtFixedRate(writer::writeOne, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return writer;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** The last write of each customer: the state the receiver must have seen in the end. */
    Map<String, Write> latest() {
        return Map.copyOf(latest);
    }

    /** Writes the sandbox refused; the test expects none. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops writing and returns once no write is in flight, so {@link #latest()} is final. */
    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a customer write did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeOne() {
        // A scheduled task that throws is never run again; an exception here would silently end the activity.
        try {
            JsonHttp.Response response;
            int n = writes.size() + 1;
            if (ids.size() < 5 || random.nextInt(10) < 3) {
                response = http.post(resourcesUrl, "{\"name\":\"System Test " + n + "\",\"reference\":\"ST" + n + "\"}");
            } else {
                String id = ids.get(random.nextInt(ids.size()));
                response = http.send("PUT", resourcesUrl + "/" + id, "{\"name\":\"System Test change " + n + "\"}");
            }
            if (response.status() != 200 && response.status() != 201) {
                failures.add(response.status() + " " + response.body());
                return;
            }
            JsonNode record = response.json();
            Write write = new Write(record.get("id").asText(), Instant.parse(record.get("date_time_updated").asText()));
            if (response.status() == 201) {
                ids.add(write.id());
            }
            writes.add(write);
            latest.put(write.id(), write);
        } catch (RuntimeException e) {
            failures.add(e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
