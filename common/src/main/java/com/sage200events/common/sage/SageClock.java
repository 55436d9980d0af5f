package com.sage200events.common.sage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sage's "now" for one site, as its {@code Date} response headers tell it (DESIGN §4 "Sage's now bounds the
 * watermark"). Sage's server clock may run minutes away from ours, so the latest header plus the time passed on
 * our clock since it arrived is our best reading of Sage's clock. A {@code Date} header has whole seconds, so
 * the reading is rounded up by one second: it is used as an upper bound.
 */
public final class SageClock {

    private static final Duration HEADER_RESOLUTION = Duration.ofSeconds(1);

    private final Clock local;
    private Instant sageAtObservation;
    private Instant localAtObservation;

    SageClock(Clock local) {
        this.local = local;
    }

    /** Takes in one response's {@code Date}, read just now. */
    synchronized void observe(Optional<Instant> sageDate) {
        sageDate.ifPresent(date -> {
            sageAtObservation = date;
            localAtObservation = local.instant();
        });
    }

    /**
     * How far Sage's clock is ahead of ours (negative: behind), or empty until a response carried a {@code Date}.
     * Rounded down, so that "our instant in Sage's time" is not late; zero when it is within two seconds.
     */
    public synchronized Optional<Duration> offset() {
        if (sageAtObservation == null) {
            return Optional.empty();
        }
        Duration offset = Duration.between(localAtObservation, sageAtObservation);
        // Within two header resolutions the clocks agree as far as a Date header can tell: reading "no offset"
        // keeps records saved just before the resource started out of its baseline (no history flood).
        return Optional.of(offset.abs().compareTo(HEADER_RESOLUTION.multipliedBy(2)) <= 0 ? Duration.ZERO : offset);
    }

    /** Sage's current time (rounded up to the header's resolution), or empty until a response carried a {@code Date}. */
    public synchronized Optional<Instant> now() {
        if (sageAtObservation == null) {
            return Optional.empty();
        }
        Duration since = Duration.between(localAtObservation, local.instant());
        return Optional.of(sageAtObservation.plus(since.isNegative() ? Duration.ZERO : since).plus(HEADER_RESOLUTION));
    }
}
