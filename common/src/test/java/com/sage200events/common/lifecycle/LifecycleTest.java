package com.sage200events.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sage200events.common.ops.HealthChecks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> closed = new CopyOnWriteArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void partsCloseInReverseStartOrderAndOnlyOnce() {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.starting(() -> {
            lifecycle.own("a", part("a"));
            lifecycle.own("b", part("b"));
            lifecycle.startLoop("test-loop", stop -> {
                while (!stop.await(Duration.ofSeconds(5))) {
                    // idle until asked to stop
                }
                closed.add("loop");
            });
            return lifecycle;
        });
        assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.RUNNING);

        lifecycle.shutdown(Duration.ofSeconds(5));
        lifecycle.shutdown(Duration.ofSeconds(5));

        assertThat(closed).containsExactly("loop", "b", "a");
        assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.CLOSED);
        assertThat(lifecycle.loops()).allMatch(ManagedLoop::alive);
    }

    @Test
    void aStartThatFailsHalfwayClosesWhatItOpenedAndRethrows() {
        Lifecycle lifecycle = new Lifecycle("test");
        assertThatThrownBy(() -> lifecycle.starting(() -> {
            lifecycle.own("a", part("a"));
            lifecycle.own("b", () -> {
                throw new IllegalStateException("b will not close");
            });
            lifecycle.own("c", part("c"));
            throw new IllegalStateException("broker unreachable");
        })).hasMessage("broker unreachable");

        assertThat(closed).as("a part that fails to close does not stop the others").containsExactly("c", "a");
        assertThat(lifecycle.state()).isEqualTo(Lifecycle.State.CLOSED);
    }

    @Test
    void aLoopThatEndsOnAnErrorIsDeadAndNamedByHealth() {
        Lifecycle lifecycle = new Lifecycle("test");
        lifecycle.startLoop("healthy-loop", stop -> stop.await(Duration.ofMinutes(1)));
        lifecycle.startLoop("doomed-loop", stop -> {
            throw new OutOfMemoryError("simulated");
        });
        lifecycle.startLoop("quitter-loop", stop -> {
        });
        HealthChecks checks = new HealthChecks().loops(lifecycle);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(checks.run())
                .containsEntry("loop:healthy-loop", true)
                .containsEntry("loop:doomed-loop", false)
                .containsEntry("loop:quitter-loop", false));
        assertThat(lifecycle.loops().get(1).death()).get().isInstanceOf(OutOfMemoryError.class);
        lifecycle.shutdown(Duration.ofSeconds(5));
        assertThat(checks.run()).as("a loop stopped on request is not dead").containsEntry("loop:healthy-loop", true);
    }
}
