package com.sage200events.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneProbeThroughWhenTheWaitIsOver() {
        breaker.failed();
        breaker.failed();
        assertThat(breaker.tryPass()).isTrue();
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryPass()).isFalse();
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.remainingOpen()).isNull();
        assertThat(breaker.tryPass()).as("the probe").isTrue();
        assertThat(breaker.tryPass()).as("a second request while the probe runs").isFalse();
        breaker.succeeded();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryPass()).isTrue();
    }

    @Test
    void aFailedProbeReopensAtOnce() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryPass()).isTrue();
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryPass()).isFalse();
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aProbeThatEndsWithoutAnAnswerLetsTheNextProbeGo() {
        // Review of issue 12: a half-open probe refused at connect time, or failing in our own code, was never concluded,
        // and every later attempt of that callback URL was deferred for ever.
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(breaker.tryPass()).as("the probe").isTrue();
        assertThat(breaker.tryPass()).isFalse();

        breaker.released();

        assertThat(breaker.tryPass()).as("the next probe").isTrue();
        assertThat(breaker.state()).as("neither closed nor re-opened by it").isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }
}
