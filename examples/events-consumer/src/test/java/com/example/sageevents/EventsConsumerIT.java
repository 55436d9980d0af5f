package com.example.sageevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.launcher.DevStack;
import com.sage200events.launcher.DevStackOptions;
import com.sage200events.scheduler.SchedulerConfig;
import com.sage200events.testkit.JsonHttp;
import com.sage200events.testkit.RecordContract;
import com.sage200events.testkit.TestKafka;
import com.sage200events.testkit.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The example consumer, run against the real broker, sees an end-to-end run's events with matching headers. */
class EventsConsumerIT {

    @Test
    void exampleConsumerSeesTheEventsOfAnEndToEndRunWithMatchingHeaders() throws Exception {
        String prefix = TestKafka.uniquePrefix();
        try (DevStack stack = DevStack.start(DevStackOptions.forTest(TestKafka.bootstrapServers(), TestRedis.endpoint().uri(), prefix))) {
            JsonHttp api = JsonHttp.withHeaders(Map.of("Authorization",
                    "User " + SchedulerConfig.DEV_USER_SECRET + ", Organization " + SchedulerConfig.DEV_ORGANIZATION_SECRET));
            String body = Files.readString(Path.of("..", "seed-instance.json")).replace("http://localhost:8070/inbox", stack.inbox().url("/x"));
            JsonHttp.Response created = api.post(stack.apiUrl() + "/instances", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(JsonHttp.follow(created.json().get("authorizationUrl").asText()).status()).isEqualTo(200);
            long id = created.json().get("id").asLong();
            String customerId = stack.sandbox().create("customers", Map.of("name", "Example Ltd")).get("id").toString();
            assertThat(api.post(stack.apiUrl() + "/instances/" + id + "/events/poll?resource=customers", "").status()).isEqualTo(202);

            List<String> lines = new CopyOnWriteArrayList<>();
            EventsConsumer consumer = new EventsConsumer(TestKafka.bootstrapServers(), prefix + "sage.events", prefix + "example",
                    RecordContract.schemasDirectory().resolve(RecordContract.EVENT_NOTIFICATION));
            Thread thread = new Thread(() -> consumer.run(lines::add), "example-consumer");
            thread.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("customers/" + customerId + " ")));
            } finally {
                consumer.stop();
                thread.join(10_000);
            }
            assertThat(lines).filteredOn(l -> l.contains("customers/" + customerId + " "))
                    .singleElement().asString()
                    .startsWith("instance=" + id + " customers/" + customerId + " CREATED evt_")
                    .endsWith("[schema ok, headers ok]");
        }
    }
}
