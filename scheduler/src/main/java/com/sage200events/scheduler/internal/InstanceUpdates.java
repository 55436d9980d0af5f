package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.InstancePatch;
import com.sage200events.common.model.InstancePatchValidator;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.ResourceStates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to an existing instance: PATCH, enabling and disabling events, and authorizing with Sage again.
 * Workers, the dispatcher and the Quartz job read the instance from Redis on every poll, delivery and slot, so a
 * saved change applies on the next one everywhere; only a new refresh interval needs rescheduling, which
 * {@link PollScheduler#schedule} announces to the other replicas.
 */
public final class InstanceUpdates {

    private static final Logger log = LoggerFactory.getLogger(InstanceUpdates.class);

    private final InstanceRepository instances;
    private final ResourceStates resources;
    private final AuthorizationFlow authorization;
    private final PollScheduler scheduler;
    private final Function<String, Optional<String>> callbackUrlCheck;
    private final Baselines baselines;

    /**
     * @param callbackUrlCheck refuses a callback URL (throwing {@link ValidationException}) that create refuses too;
     *                         returns a warning for the response, if any
     */
    public InstanceUpdates(RedisStores redis, AuthorizationFlow authorization, PollScheduler scheduler,
                           Function<String, Optional<String>> callbackUrlCheck, InstanceService service) {
        this.instances = redis.instances();
        this.resources = redis.resources();
        this.authorization = authorization;
        this.scheduler = scheduler;
        this.callbackUrlCheck = callbackUrlCheck;
        this.baselines = service.baselines();
    }

    /** Applies a PATCH body; nothing is saved unless all of it is valid and Sage accepted any new credentials. */
    Map<String, Object> patch(StoredInstance current, JsonNode body) {
        InstancePatch patch = InstancePatchValidator.validate(body, current);
        InstanceSettings before = current.settings();
        InstanceSettings after = patch.settings();
        List<String> warnings = new ArrayList<>(patch.warnings());
        if (after.callbackUrl().isPresent() && !after.callbackUrl().equals(before.callbackUrl())) {
            callbackUrlCheck.apply(after.callbackUrl().get()).ifPresent(warnings::add);
        }
        boolean activate = authorization.authorizeFromRequest(current.id(), after, patch.providerCode(),
                after.oauthRefreshToken().filter(token -> !after.oauthRefreshToken().equals(before.oauthRefreshToken())));
        // Compare-and-set: if a worker or the dispatcher wrote meanwhile (AUTH_FAILED, events off after a 410), the
        // patch is applied again on top of their write, so neither is lost (DESIGN.md §7).
        StoredInstance next = instances.update(current.id(), latest -> {
            InstancePatch onLatest = latest.version() == current.version() ? patch : InstancePatchValidator.validate(body, latest);
            StoredInstance patched = latest.withDetails(onLatest.name(), onLatest.tags()).withConfiguration(onLatest.configuration());
            // A configuration error is re-checked by the next poll once the user changed something (issue 13).
            boolean retry = latest.status() == InstanceStatus.CONFIGURATION_ERROR;
            return activate || retry ? patched.withStatus(InstanceStatus.ACTIVE, null) : patched;
        }).orElseThrow(() -> ApiException.notFound("instance " + current.id(), "id"));
        dropStateOfChangedResources(current.id(), before, after);
        if (current.status() != InstanceStatus.ACTIVE && next.status() == InstanceStatus.ACTIVE) {
            baselines.activated(next);
        } else {
            baselines.started(next, startedResources(before, after));
        }
        if (!after.refreshInterval().equals(before.refreshInterval())) {
            scheduler.schedule(next);
        }
        log.info("instance {} changed ({})", current.id(), changedKeys(current.configuration(), patch.configuration()));
        Map<String, Object> view = new LinkedHashMap<>(InstanceView.of(next));
        view.put("warnings", warnings);
        return view;
    }

    /** Turns events on or off ({@code event.notification.enabled}); on needs a callback URL and a resource. */
    Map<String, Object> setEventsEnabled(StoredInstance current, boolean enabled) {
        StoredInstance next = instances.update(current.id(), latest -> {
            ObjectNode configuration = latest.configuration().deepCopy();
            configuration.put("event.notification.enabled", enabled);
            InstanceValidator.settings(configuration);
            return latest.withConfiguration(configuration);
        }).orElseThrow(() -> ApiException.notFound("instance " + current.id(), "id"));
        log.info("instance {}: events {}", current.id(), enabled ? "enabled" : "disabled");
        return InstanceView.of(next);
    }

    /** A fresh authorize URL for an instance that is pending, lost its Sage access or needs another account. */
    Map<String, Object> reauthorize(StoredInstance current) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", current.id());
        view.put("status", current.status().name());
        view.put("authorizationUrl", authorization.authorizationUrl(current.id(), current.settings()));
        return view;
    }

    /** Resources the patch added, or pointed at another hub resource: they start from now. */
    private static List<String> startedResources(InstanceSettings before, InstanceSettings after) {
        return after.pollers().entrySet().stream()
                .filter(e -> before.pollers().get(e.getKey()) == null
                        || before.pollers().get(e.getKey()).hubResource() != e.getValue().hubResource())
                .map(Map.Entry::getKey).toList();
    }

    /**
     * A resource that is gone, or now reads another hub resource, has a cursor that means nothing any more: drop
     * it, so the worker starts that resource from a fresh baseline instead of from a stale watermark.
     */
    private void dropStateOfChangedResources(long id, InstanceSettings before, InstanceSettings after) {
        before.pollers().forEach((name, poller) -> {
            ResourcePoller now = after.pollers().get(name);
            if (now == null || now.hubResource() != poller.hubResource()) {
                resources.dropResource(id, name);
            }
        });
    }

    /**
     * Which keys changed, by name only: values may be secrets and never reach a log line, and the names of keys we
     * do not know are the user's text (which could forge log lines), so those are only counted.
     */
    private static String changedKeys(ObjectNode before, ObjectNode after) {
        Set<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        List<String> changed = names.stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
        List<String> known = changed.stream().filter(InstanceValidator::isKnownKey).toList();
        int unknown = changed.size() - known.size();
        return String.join(", ", known) + (unknown > 0 ? (known.isEmpty() ? "" : ", ") + unknown + " unknown key(s)" : "");
    }
}
