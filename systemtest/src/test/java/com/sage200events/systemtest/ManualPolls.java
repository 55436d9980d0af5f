package com.sage200events.systemtest;

import com.sage200events.testkit.JsonHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Asks for polls through {@code POST /instances/{id}/events/poll} every few seconds, round-robin over the scheduler
 * replicas that are up. The refresh interval cannot go below one minute, and a test that only waited for slots
 * would take minutes per change; manual polls keep changes flowing between slots.
 */
final class ManualPolls implements AutoCloseable {

    private final JsonHttp api;
    private final long instanceId;
    private final List<String> resources;
    private final Supplier<List<String>> schedulers;
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "manual-polls"));

    private ManualPolls(JsonHttp api, long instanceId, List<String> resources, Supplier<List<String>> schedulers) {
        this.api = api;
        this.instanceId = instanceId;
        this.resources = resources;
        this.schedulers = schedulers;
    }

    /** {@code schedulers} answers the base URLs of the replicas that are running right now. */
    static ManualPolls start(String authorization, long instanceId, List<String> resources, Supplier<List<String>> schedulers,
                             Duration period) {
        ManualPolls polls = new ManualPolls(JsonHttp.withHeaders(Map.of("Authorization", authorization)), instanceId, resources,
                schedulers);
        polls.executor.scheduleWithFixedDelay(polls::pollOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return polls;
    }

    private void pollOnce() {
        List<String> up = schedulers.get();
        if (up.isEmpty()) {
            return;
        }
        for (String resource : resources) {
            String base = up.get(Math.floorMod(next.getAndIncrement(), up.size()));
            try {
                api.post(base + "/instances/" + instanceId + "/events/poll?resource=" + resource, "");
            } catch (RuntimeException e) {
                // A replica killed a moment ago: the next round asks another one. Losing one request loses nothing,
                // since every poll reads from the watermark.
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
