package com.sage200events.scheduler.internal;

import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.redis.ResourceStates;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts resources: their first poll (the baseline, which marks what already exists as seen instead of
 * emitting it) is asked for at once, not at the next slot, so it sees Sage as it was when the user asked.
 * A resource added by PATCH records its start in its cursor, so the worker neither reads nor emits the
 * history between the instance's creation and the PATCH.
 */
final class Baselines {

    private static final Logger log = LoggerFactory.getLogger(Baselines.class);

    private final ResourceStates resources;
    private final PollTaskPublisher publisher;
    private final Clock clock;

    Baselines(ResourceStates resources, PollTaskPublisher publisher, Clock clock) {
        this.resources = resources;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** An instance became ACTIVE: every resource starts from the instance's creation. */
    void activated(StoredInstance instance) {
        publish(instance, instance.settings().pollers().keySet(), instance.createdAt());
    }

    /** A PATCH added these resources (or pointed them at another hub resource): they start now. */
    void started(StoredInstance instance, Collection<String> resources) {
        if (resources.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        this.resources.startFrom(instance.id(), resources, now);
        publish(instance, resources, now);
    }

    private void publish(StoredInstance instance, Collection<String> resources, Instant since) {
        if (instance.status() != InstanceStatus.ACTIVE || !instance.settings().eventsEnabled()) {
            return;
        }
        List<PollTask> tasks = resources.stream().map(r -> PollTask.baseline(instance.id(), r, since)).toList();
        List<PollTask> failed = publisher.publishAll(tasks);
        if (!failed.isEmpty()) {
            // Not fatal: the resource's first scheduled slot polls it, from the same start.
            log.warn("instance {}: {} baseline poll(s) not published; the next slot takes over", instance.id(), failed.size());
        }
    }
}
