package com.sage200events.sandbox;

import java.time.Instant;

/**
 * One write to a record, as the sandbox's change log keeps it: the truth a soak or a reckoning compares the
 * callbacks against (what Sage changed, not what a poller saw). Every company shares one data set in this
 * version (see {@link SandboxConfig#sites()}), so a change belongs to every company.
 *
 * @param seq 1, 2, 3… in the order the writes happened, across resources
 * @param resource the sandbox resource, e.g. {@code customers}
 * @param id the record's id
 * @param updated the record's {@code date_time_updated} after the write, on Sage's clock (to the millisecond);
 *     null when the admin API wrote a null there
 * @param at when the write happened on the sandbox's own (configured) clock
 */
public record SandboxChange(long seq, String resource, long id, Instant updated, Instant at) {
}
