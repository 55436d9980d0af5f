package com.sage200events.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.model.Event;
import com.sage200events.common.model.EventNotification;
import com.sage200events.common.model.PollTask;
import com.sage200events.testkit.ChildJvm;
import com.sage200events.worker.WorkerMain;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed with SIGKILL in the middle of a backlog loses nothing: after a restart every
 * change is published, and whatever was published twice (pages sent but not yet committed when it died)
 * carries the same event id both times.
 */
class WorkerCrashIT {

    @Test
    void killedWorkerLosesNothingAndRepeatsKeepTheirIds() throws Exception {
        try (WorkerFixture fixture = new WorkerFixture()) {
            long id = fixture.activeInstance(WorkerFixture.customersEvery(5));
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 600; i++) {
                expected.add(fixture.sandbox.create("customers", Map.of("name", "Crash " + i)).get("id").toString());
            }
            String topic = fixture.env.topics().events();

            Process first = startWorker(fixture, "first");
            try {
                fixture.publishTask(PollTask.manual(id, "customers", Instant.now()), null);
                // Kill it part-way: some pages published and committed, the rest not yet read.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> fixture.topicSize(topic) >= 10);
            } finally {
                first.destroyForcibly().waitFor();
            }
            long publishedBeforeCrash = fixture.topicSize(topic);
            assertThat(publishedBeforeCrash).as("notifications published before the kill (of %d pages)", expected.size() / 5)
                    .isLessThan(expected.size() / 5);

            Process second = startWorker(fixture, "second");
            try {
                // Keep asking: until the dead worker's lease expires, the new one finds the resource busy.
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    fixture.publishTask(PollTask.manual(id, "customers", Instant.now()), null);
                    return fixture.topicSize(topic) >= expected.size() / 5 && objectIds(WorkerFixture.readAll(topic)).containsAll(expected);
                });
            } finally {
                second.destroy();
                second.waitFor();
            }

            List<EventNotification> published = WorkerFixture.readAll(topic);
            assertThat(objectIds(published)).containsExactlyInAnyOrderElementsOf(expected);
            List<Event> events = published.stream().flatMap(n -> n.events().stream()).toList();
            Map<String, Set<String>> idsPerChange = events.stream().collect(Collectors.groupingBy(Event::objectId,
                    Collectors.mapping(Event::eventId, Collectors.toSet())));
            assertThat(idsPerChange.values()).as("event ids per changed record").allSatisfy(ids -> assertThat(ids).hasSize(1));
            fixture.assertTopicsConform();
        }
    }

    private static Set<String> objectIds(List<EventNotification> notifications) {
        return notifications.stream().flatMap(n -> n.events().stream()).map(Event::objectId).collect(Collectors.toSet());
    }

    private static Process startWorker(WorkerFixture fixture, String name) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>(fixture.env.variables());
        env.put("WORKER_GROUP_ID", fixture.prefix + "workers");
        env.put("WORKER_CONCURRENCY", "1");
        env.put("WORKER_PORT", "0");
        env.put("POLL_LEASE_SECONDS", "5");
        return ChildJvm.start(WorkerMain.class, env, "crash-worker-" + name + ".log");
    }
}
