package com.sage200events.common.sage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What one pass knows before it reads: where its window starts, the cursor before it, the records it has
 * already handled, and the creation boundary before which nothing is emitted (no history flood). A pass that
 * is interrupted and resumed keeps all of these, so a resumed pass classifies exactly as an unbroken one.
 *
 * @param windowStart the pass's previous watermark minus the lookback window and the poll delay
 * @param previousWatermark the watermark before this pass began
 * @param boundary during the baseline, the resource's start: changes older than this were there before
 *     the user asked and are marked seen without being emitted; after the baseline, {@link Instant#MIN}
 * @param seen {@code id|epochMillis} members of the seen set, which this pass extends as it reads
 */
public record PollWindow(Instant windowStart, Instant previousWatermark, Instant boundary, Set<String> seen) {

    /**
     * The same window with the baseline's boundary moved from our clock to Sage's: Sage stamps with its own clock,
     * so "changed after the resource started" must be read on that clock (DESIGN §4 "Sage's clock, not ours").
     */
    public PollWindow onSageClock(Optional<Duration> sageOffset) {
        if (boundary.equals(Instant.MIN) || sageOffset.isEmpty()) {
            return this;
        }
        return new PollWindow(windowStart, previousWatermark, boundary.plus(sageOffset.get()), seen);
    }

    /** A record created after this instant is new to the receiver: the resource's start on the baseline, else the previous watermark. */
    public Instant createdAfter() {
        return boundary.equals(Instant.MIN) ? previousWatermark : boundary;
    }
}
