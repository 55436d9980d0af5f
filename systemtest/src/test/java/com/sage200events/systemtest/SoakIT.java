package com.sage200events.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 16's soak: {@link Soak} for {@code soak.minutes} (2 in CI; {@code bin/soak} runs 10 and writes the figures
 * into {@code docs/RELIABILITY.md}). Under SIGKILLs every 30 s, a broker restart, a Redis restart and receivers that
 * fail, stall and go away, no change may be lost and no event id may arrive with two different bodies. The report is
 * printed and written before anything is asserted, so a failing run still shows its figures.
 */
class SoakIT {

    private static final Logger log = LoggerFactory.getLogger(SoakIT.class);

    @Test
    void underChaosNoChangeIsLostAndNoEventIdCarriesTwoBodies() throws Exception {
        SoakConfig config = SoakConfig.fromSystemProperties();
        Soak.Outcome outcome;
        try (Soak soak = new Soak(config)) {
            outcome = soak.run();
        }
        String report = SoakReport.markdown(outcome);
        log.info("SOAK report\n{}", report);
        Path workDir = Path.of(System.getProperty("systemtest.workDir", "target/systemtest"));
        Files.createDirectories(workDir);
        Files.writeString(workDir.resolve("soak-report.md"), report, StandardCharsets.UTF_8);
        if (config.reliabilityDoc() != null) {
            SoakReport.writeInto(config.reliabilityDoc(), report);
        }

        assertThat(outcome.result().owed()).as("deliveries owed: the load ran and instances polled").isPositive();
        assertThat(outcome.result().lost()).as("changes lost; the first: " + outcome.result().lostExamples()).isZero();
        assertThat(outcome.stats().differentBodies()).as("event ids that arrived with two different bodies").isZero();
        assertThat(outcome.stats().eventsWithoutVersion()).as("events whose record carried no readable stamp").isZero();
        assertThat(outcome.serviceKills()).as("service processes killed").isGreaterThanOrEqualTo(
                config.load().dividedBy(config.killEvery()) - 1);
        assertThat(outcome.chaos()).as("the broker and Redis each restarted once")
                .anyMatch(step -> step.contains("SIGKILL broker")).anyMatch(step -> step.contains("Redis restarted"));
        assertThat(outcome.chaosFailures()).as("chaos steps that failed").isEmpty();
    }
}
