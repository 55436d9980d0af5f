package com.sage200events.dispatcher;

import static com.sage200events.dispatcher.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.model.EventNotification;
import com.sage200events.testkit.ChildJvm;
import com.sage200events.testkit.WebhookReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL in the middle of a stream (deliveries in flight, retries in the Redis queue, offsets
 * uncommitted), then a new process: every notification still reaches the receiver with a 2xx.
 */
class DispatcherKillIT {

    private static final int NOTIFICATIONS = 200;

    @Test
    void killingTheDispatcherMidStreamLosesNoEvent() throws Exception {
        try (DispatcherFixture fixture = new DispatcherFixture(); WebhookReceiver receiver = WebhookReceiver.start()) {
            fixture.instance(50, receiver.url("/kill"), c -> { });
            // Slow enough that the stream is mid-flight when the kill lands; the first answers fail (fewer
            // than open the circuit breaker), so some notifications sit in the retry queue at that moment.
            receiver.hangFor(Duration.ofMillis(40));
            receiver.respondWith(500, 500, 500);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < NOTIFICATIONS; i++) {
                EventNotification n = aNotification().forInstance(50).build();
                ids.add(n.notificationId());
                fixture.publish(n);
            }

            Process first = startDispatcher(fixture, "first");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.requests("/kill").size() >= 60);
            } finally {
                first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            int beforeKill = receiver.requests("/kill").size();
            assertThat(delivered(receiver)).as("delivered before the kill").hasSizeLessThan(NOTIFICATIONS);

            Process second = startDispatcher(fixture, "second");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> delivered(receiver).containsAll(ids));
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(delivered(receiver)).isEqualTo(ids);
            assertThat(receiver.requests("/kill").size()).isGreaterThan(beforeKill);
        }
    }

    private static Set<String> delivered(WebhookReceiver receiver) {
        return receiver.requests("/kill").stream().filter(r -> r.status() == 200).map(r -> r.header("webhook-id"))
                .collect(Collectors.toSet());
    }

    private static Process startDispatcher(DispatcherFixture fixture, String name) throws IOException {
        Map<String, String> env = new java.util.LinkedHashMap<>(fixture.env.variables());
        env.put("DISPATCHER_GROUP_ID", fixture.prefix + "killed");
        env.put("DISPATCHER_PORT", "0");
        env.put("DISPATCHER_INSTANCE_ID", "kill-test");
        env.put("DELIVERY_MODE", "dev");
        env.put("DELIVERY_RETRY_SCHEDULE", "1s,1s,1s");
        env.put("DELIVERY_RETRY_JITTER", "0");
        env.put("DELIVERY_CONNECT_TIMEOUT_SECONDS", "2");
        env.put("DELIVERY_TIMEOUT_SECONDS", "3");
        env.put("DELIVERY_DEADLINE_SECONDS", "4");
        env.put("DELIVERY_RETRY_LEASE_SECONDS", "6");
        return ChildJvm.start(DispatcherMain.class, env, "dispatcher-kill-" + name + ".log");
    }
}
