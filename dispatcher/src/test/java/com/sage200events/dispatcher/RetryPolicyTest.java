package com.sage200events.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.defaults();

    @Test
    void defaultScheduleIsSvixLikeAndEndsAfterSevenRetries() {
        assertThat(policy.schedule()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        assertThat(policy.maxAttempts()).isEqualTo(8);
        assertThat(policy.delayAfter(7, null, () -> 0)).contains(Duration.ofHours(10));
        assertThat(policy.delayAfter(8, null, () -> 0)).isEmpty();
    }

    @Test
    void jitterOnlyStretchesTheWaitUpToItsFraction() {
        assertThat(policy.delayAfter(2, null, () -> 0)).contains(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(2, null, () -> 0.999)).hasValueSatisfying(d ->
                assertThat(d).isGreaterThan(Duration.ofMinutes(5)).isLessThanOrEqualTo(Duration.ofMinutes(6)));
    }

    @Test
    void retryAfterIsHonouredWithinItsBoundAndNeverBringsARetryForward() {
        RetryPolicy exact = policy.withoutJitter();
        assertThat(exact.delayAfter(1, Duration.ofSeconds(40), () -> 0)).contains(Duration.ofSeconds(40));
        assertThat(exact.delayAfter(1, Duration.ofDays(2), () -> 0)).contains(Duration.ofHours(1));
        assertThat(exact.delayAfter(2, Duration.ofSeconds(1), () -> 0)).contains(Duration.ofMinutes(5));
    }

    @Test
    void scheduleParsesUnitsAndRefusesNonsenseNamingTheField() {
        assertThat(RetryPolicy.parseSchedule("5s, 5m,2h,1d,250ms")).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(2), Duration.ofDays(1), Duration.ofMillis(250));
        assertThatThrownBy(() -> RetryPolicy.parseSchedule("5 minutes")).hasMessageContaining("schedule");
        assertThatThrownBy(() -> new RetryPolicy(List.of(Duration.ofSeconds(-1)), 0, Duration.ZERO)).hasMessageContaining("schedule");
        assertThatThrownBy(() -> new RetryPolicy(List.of(), 1.5, Duration.ZERO)).hasMessageContaining("jitter");
    }
}
