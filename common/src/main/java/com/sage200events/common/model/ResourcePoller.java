package com.sage200events.common.model;

import com.sage200events.common.poll.HubResource;
import com.sage200events.common.poll.UrlTemplate;
import java.time.Duration;

/**
 * The poller configuration of one resource entry ({@code event.poller.configuration.<name>}).
 *
 * @param name the entry's key: the {@code objectType} of its events
 * @param hubResource the hub resource its URL reads (may differ from {@code name}, as the seed's
 *     {@code transactions} entry reads customers)
 * @param pageSize Sage {@code $top} per page
 * @param pollDelay how far behind the watermark each poll starts, on top of the lookback window
 * @param createdCheckTolerance how close created and updated must be for a change to count as CREATED
 * @param detectDeletes whether the worker reconciles the resource's ids with Sage's to emit DELETED events (DESIGN §4)
 * @param detectDeletesEvery how many successful polls apart those reconciliations are (1 = after every poll)
 */
public record ResourcePoller(
        String name,
        String url,
        UrlTemplate template,
        HubResource hubResource,
        String idField,
        DatesConfiguration dates,
        int pageSize,
        Duration pollDelay,
        Duration createdCheckTolerance,
        boolean filterByCurrentDate,
        boolean detectDeletes,
        int detectDeletesEvery) {

    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final int MAX_PAGE_SIZE = 5000;
    public static final int DEFAULT_DETECT_DELETES_EVERY = 10;
    /** At most one reconciliation a poll; 10,000 polls apart is about 100 days at the 15-minute default. */
    public static final int MAX_DETECT_DELETES_EVERY = 10_000;
}
