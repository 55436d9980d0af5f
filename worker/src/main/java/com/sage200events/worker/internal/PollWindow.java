package com.sage200events.worker.internal;

import java.time.Instant;
import java.util.Set;

/**
 * What one poll knows before it reads: where its window starts, the cursor before it, the records it has
 * already handled, and the creation boundary before which nothing is emitted (no history flood).
 *
 * @param windowStart watermark minus the lookback window and the poll delay
 * @param previousWatermark the watermark before this poll (the boundary when the resource is new)
 * @param boundary during the baseline, the instance's creation time: changes older than this were there before
 *     the user asked and are marked seen without being emitted; after the baseline, {@link Instant#MIN}
 */
record PollWindow(Instant windowStart, Instant previousWatermark, Instant boundary, Set<String> seen) {
}
