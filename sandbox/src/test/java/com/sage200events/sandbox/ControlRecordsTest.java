package com.sage200events.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of faults, hooks, activity and seeding refuse nonsense up front, naming the field. */
class ControlRecordsTest {

    @Test
    void faultFactoriesFireOnceAndRatesUntilRemoved() {
        SandboxFault once = SandboxFault.serverError("/customers", 504);
        SandboxFault rate = SandboxFault.latency("*", Duration.ofMillis(5)).rate(0.25, 9);

        assertThat(once).extracting(SandboxFault::times, SandboxFault::probability, SandboxFault::status).containsExactly(1, 1.0, 504);
        assertThat(rate).extracting(SandboxFault::times, SandboxFault::probability, SandboxFault::seed).containsExactly(0, 0.25, 9L);
        assertThat(SandboxFault.throttle("*", 3).status()).isEqualTo(429);
        assertThat(SandboxFault.htmlPage("*").status()).isEqualTo(200);
        assertThat(SandboxFault.Kind.fromJson("value_wrapper")).isEqualTo(SandboxFault.Kind.VALUE_WRAPPER);
    }

    @Test
    void badFaultsAreRefused() {
        assertThatThrownBy(() -> SandboxFault.serverError("/customers", 418)).hasMessageContaining("status");
        assertThatThrownBy(() -> SandboxFault.throttle("customers", 1)).hasMessageContaining("path");
        assertThatThrownBy(() -> SandboxFault.latency("*", Duration.ZERO)).hasMessageContaining("latency");
        assertThatThrownBy(() -> SandboxFault.cutConnection("*").rate(0, 1)).hasMessageContaining("probability");
        assertThatThrownBy(() -> SandboxFault.cutConnection("*").times(-1)).hasMessageContaining("times");
        assertThatThrownBy(() -> SandboxFault.Kind.fromJson("explode")).hasMessageContaining("kind");
    }

    @Test
    void badActivityIsRefused() {
        ActivityConfig config = ActivityConfig.defaults();

        assertThat(config.resources()).containsExactlyElementsOf(ActivityConfig.ALL_RESOURCES);
        assertThatThrownBy(() -> config.withRate(0)).hasMessageContaining("operationsPerSecond");
        assertThatThrownBy(() -> config.withResources(List.of())).hasMessageContaining("resources");
        assertThatThrownBy(() -> config.withCreateShare(1.5)).hasMessageContaining("createShare");
        assertThatThrownBy(() -> config.withRecordsPerStamp(0)).hasMessageContaining("recordsPerStamp");
        assertThatThrownBy(() -> config.withLateWrites(0.5, Duration.ZERO)).hasMessageContaining("lateBy");
    }

    @Test
    void badHooksAndSeedsAreRefused() {
        assertThatThrownBy(() -> PageHook.after("customers", 0)).hasMessageContaining("afterRequests");
        assertThatThrownBy(() -> PageHook.after(" ", 1)).hasMessageContaining("resource");
        assertThatThrownBy(() -> new PageHook("customers", 1, PageHook.Match.ANY, List.of(1L), 2, Map.of()))
                .hasMessageContaining("not both");
        assertThat(PageHook.after("customers", 2).continuationsOnly().updatingOldest(3))
                .extracting(PageHook::match, PageHook::oldest).containsExactly(PageHook.Match.CONTINUATION, 3);
        assertThatThrownBy(() -> SeedSpec.of("customers", 0)).hasMessageContaining("count");
        assertThatThrownBy(() -> SeedSpec.of("customers", 1).withRecordsPerStamp(0)).hasMessageContaining("recordsPerStamp");
    }

    @Test
    void seedStampsStepEveryRecordsPerStamp() {
        Instant t0 = Instant.parse("2026-11-28T07:00:00Z");
        SeedSpec spec = SeedSpec.of("customers", 10).stampedFrom(t0, Duration.ofMillis(10)).withRecordsPerStamp(3);

        assertThat(List.of(spec.stampOf(t0, 0), spec.stampOf(t0, 2), spec.stampOf(t0, 3), spec.stampOf(t0, 9)))
                .containsExactly(t0, t0, t0.plusMillis(10), t0.plusMillis(30));
    }
}
