package com.sage200events.launcher;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.testkit.JsonHttp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The steady load of an outage test on one pipeline: a new customer in the sandbox every {@code changeEvery}
 * and an API "poll now" for customers every second, each on its own thread, while the test takes a dependency
 * away. Then the reckoning: every customer created reaches the callback as a CREATED event, counted once per
 * event id. Failures of the load itself (a create the sandbox refused, a poll the API refused) are counted, not
 * thrown, since during an outage they are the point. {@link #rideOut} is the outage itself.
 */
final class OutageLoad implements AutoCloseable {

    private final PipelineFixture fixture;
    private final long instanceId;
    private final String path;
    private final ScheduledExecutorService changes = daemon("outage-changes");
    private final ScheduledExecutorService polls = daemon("outage-polls");
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final AtomicInteger createFailures = new AtomicInteger();
    private final List<String> pollAnswers = new CopyOnWriteArrayList<>();

    OutageLoad(PipelineFixture fixture, long instanceId, String path) {
        this.fixture = fixture;
        this.instanceId = instanceId;
        this.path = path;
    }

    /** Starts making changes and asking for polls; returns at once. */
    OutageLoad start(Duration changeEvery) {
        changes.scheduleWithFixedDelay(this::createOne, 0, changeEvery.toMillis(), TimeUnit.MILLISECONDS);
        polls.scheduleWithFixedDelay(this::pollOnce, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    private void createOne() {
        try {
            created.add(fixture.stack.sandbox().create("customers", Map.of("name", "Outage " + created.size())).get("id").toString());
        } catch (RuntimeException e) {
            createFailures.incrementAndGet();
        }
    }

    private void pollOnce() {
        try {
            JsonHttp.Response answer = fixture.api.post(fixture.stack.apiUrl() + "/instances/" + instanceId + "/events/poll?resource=customers", "");
            pollAnswers.add(Integer.toString(answer.status()));
        } catch (RuntimeException e) {
            pollAnswers.add(e.getClass().getSimpleName());
        }
    }

    /** Stopping or restarting a dependency. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * The outage, once some events have been delivered: {@code stop} the dependency, see the API's {@code /health}
     * turn red and stay red for {@code outage}, {@code restart} it, see deliveries resume, stop making changes and
     * wait until every change is delivered and {@code /health} is green again.
     */
    Outcome rideOut(Step stop, Duration outage, Step restart) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.deliveredEvents(path, "customers").size() >= 10);
        stop.run();
        long down = System.nanoTime();
        int pollsBefore = pollAnswers.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> health() != 200);
        int deliveredWhileDown = fixture.deliveredEvents(path, "customers").size();
        await().pollDelay(Duration.ZERO).during(outage.minusNanos(System.nanoTime() - down)).atMost(outage.plusSeconds(30))
                .until(() -> health() != 200);
        Map<String, Long> pollsWhileDown = pollAnswersSince(pollsBefore);
        restart.run();
        long up = System.nanoTime();

        await().atMost(Duration.ofSeconds(90)).until(() -> fixture.deliveredEvents(path, "customers").size() > deliveredWhileDown + 10);
        long resumed = System.nanoTime();
        stopChanges();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> deliveredObjectIds().containsAll(created));
        long drained = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> health() == 200);
        return new Outcome(Duration.ofNanos(up - down), pollsWhileDown, Duration.ofNanos(resumed - up), Duration.ofNanos(drained - up), reckon());
    }

    /** What an outage cost: how long it lasted, the API's poll answers meanwhile, time to resume and to drain, the reckoning. */
    record Outcome(Duration down, Map<String, Long> pollAnswersWhileDown, Duration resumedAfter, Duration drainedAfter, Reckoning reckoning) {

        @Override
        public String toString() {
            return "down " + down.toSeconds() + " s; " + reckoning + "; API poll answers while down " + pollAnswersWhileDown
                    + "; deliveries again " + resumedAfter.toSeconds() + " s after the restart, all delivered " + drainedAfter.toSeconds() + " s after it";
        }
    }

    /** The API's readiness status, or 0 when it gives no answer in time (which counts as red, too). */
    private int health() {
        try {
            return fixture.api.get(fixture.stack.apiUrl() + "/health").status();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Poll answers since {@code from} (an index into the answers so far), counted by status or exception. */
    private Map<String, Long> pollAnswersSince(int from) {
        return pollAnswers.subList(from, pollAnswers.size()).stream()
                .collect(Collectors.groupingBy(a -> a, TreeMap::new, Collectors.counting()));
    }

    /** Stops making changes; polls go on, so every change made is read and delivered. */
    private void stopChanges() {
        changes.shutdownNow();
    }

    private Reckoning reckon() {
        List<JsonNode> events = fixture.deliveredEvents(path, "customers");
        List<String> eventIds = events.stream().map(e -> e.path("eventId").asText()).toList();
        Set<String> delivered = deliveredObjectIds();
        List<String> lost = created.stream().filter(id -> !delivered.contains(id)).sorted().toList();
        return new Reckoning(created.size(), createFailures.get(), delivered.size(), lost, eventIds.size() - eventIds.stream().distinct().count());
    }

    private Set<String> deliveredObjectIds() {
        return fixture.deliveredEvents(path, "customers").stream().filter(e -> e.path("eventType").asText().equals("CREATED"))
                .map(e -> e.path("objectId").asText()).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        changes.shutdownNow();
        polls.shutdownNow();
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Changes made in the sandbox, creates it refused, distinct customers delivered, the lost ones, repeated event ids. */
    record Reckoning(int changes, int createFailures, int delivered, List<String> lost, long duplicateEventIds) {

        @Override
        public String toString() {
            return "changes " + changes + ", delivered " + delivered + ", lost " + lost.size() + ", duplicate event ids " + duplicateEventIds
                    + (createFailures > 0 ? ", sandbox creates refused " + createFailures : "");
        }
    }
}
