package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sage200events.common.http.CallbackUrlGuard;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.InstanceRequest;
import com.sage200events.common.model.InstanceStatus;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.PollTask;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.redis.DeliveryLog;
import com.sage200events.common.redis.InstanceRepository;
import com.sage200events.common.redis.RedisStores;
import com.sage200events.common.redis.ResourceStates;
import com.sage200events.common.redis.WebhookSecrets;
import com.sage200events.common.sage.SageAuthException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the instances API does, apart from HTTP: create, read, delete, authorize and poll now. */
public final class InstanceService {

    private static final Logger log = LoggerFactory.getLogger(InstanceService.class);
    private static final String CALLBACK_FIELD = "configuration.event.notification.callback.url";

    private final InstanceRepository instances;
    private final ResourceStates resources;
    private final DeliveryLog deliveryLog;
    private final AuthorizationFlow authorization;
    private final PollScheduler scheduler;
    private final PollTaskPublisher publisher;
    private final Baselines baselines;
    private final Clock clock;
    private final WebhookSecrets webhookSecrets;
    private final CallbackUrlGuard callbackGuard;

    public InstanceService(RedisStores redis, AuthorizationFlow authorization, PollScheduler scheduler,
                           PollTaskPublisher publisher, Clock clock) {
        this.instances = redis.instances();
        this.resources = redis.resources();
        this.deliveryLog = redis.deliveryLog();
        this.authorization = authorization;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.clock = clock;
        this.baselines = new Baselines(redis.resources(), publisher, clock);
        this.webhookSecrets = redis.webhookSecrets();
        // DELIVERY_MODE: production refuses callbacks to loopback, private and metadata addresses (SSRF).
        this.callbackGuard = CallbackUrlGuard.fromEnv(System.getenv());
    }

    /**
     * Throws a 400 naming the callback URL field when the SSRF guard refuses {@code url}; for create, PATCH and the
     * dry run. Otherwise returns a warning for the response when there is one (the host does not resolve now).
     */
    public Optional<String> requireAllowedCallback(String url) {
        return callbackGuard.requireAllowed(url, CALLBACK_FIELD).map(note -> CALLBACK_FIELD + ": " + note);
    }

    Map<String, Object> create(String organization, JsonNode body) {
        InstanceRequest request = InstanceValidator.validateCreate(body);
        List<String> warnings = new ArrayList<>(request.warnings());
        request.settings().callbackUrl().flatMap(this::requireAllowedCallback).ifPresent(warnings::add);
        long id = instances.nextId();
        String token = Secrets.newToken();
        StoredInstance instance = new StoredInstance(id, organization, request.name(), request.tags(), clock.instant(),
                InstanceStatus.PENDING_AUTHORIZATION, null, request.configuration(), Secrets.hash(token));
        String authorizationUrl = null;
        if (authorization.authorizeFromRequest(id, request.settings(), request.providerCode(), request.settings().oauthRefreshToken())) {
            instance = instance.withStatus(InstanceStatus.ACTIVE, null);
        } else {
            authorizationUrl = authorization.authorizationUrl(id, request.settings());
        }
        instance = instances.create(instance);
        scheduler.schedule(instance);
        baselines.activated(instance);
        log.info("instance {} created ({}, {} resource(s))", id, instance.status(), request.settings().pollers().size());
        Map<String, Object> view = InstanceView.created(instance, token, authorizationUrl, warnings);
        // The Standard Webhooks signing secret, shown this once (rotate it with POST /instances/{id}/webhook-secret/rotate).
        view.put("webhookSecret", webhookSecrets.create(id));
        return view;
    }

    StoredInstance owned(String organization, long id) {
        return instances.find(id).filter(i -> i.organization().equals(organization))
                .orElseThrow(() -> ApiException.notFound("instance " + id, "id"));
    }

    StoredInstance byToken(String token) {
        return instances.findByTokenHash(Secrets.hash(token)).orElseThrow(ApiException::unauthorized);
    }

    /** One page (1-based) of the organization's instances, by id, and how many it has in all. */
    Page list(String organization, int page, int pageSize) {
        List<Map<String, Object>> items = instances.page(organization, (long) (page - 1) * pageSize, pageSize).stream()
                .map(InstanceView::of).toList();
        return new Page(items, instances.count(organization));
    }

    record Page(List<Map<String, Object>> items, long total) {
    }

    /** Stops polling (on every replica) and drops everything kept for the instance: cursors, leases, tokens. */
    void delete(StoredInstance instance) {
        // Gone from Redis before the announcement, so a replica that re-reads it finds nothing to schedule.
        instances.delete(instance);
        scheduler.unschedule(instance.id());
        for (String resource : instance.configuration().path("event.poller.configuration").properties().stream()
                .map(Map.Entry::getKey).toList()) {
            resources.dropResource(instance.id(), resource);
        }
        authorization.forget(instance.id());
        webhookSecrets.delete(instance.id());
        deliveryLog.forgetInstance(instance.id());
        log.info("instance {} deleted", instance.id());
    }

    /** Publishes a poll task now for one resource, or for all when {@code resource} is null. */
    List<String> pollNow(StoredInstance instance, String resource) {
        if (instance.status() != InstanceStatus.ACTIVE) {
            throw new ApiException(409, "instance " + instance.id() + " is " + instance.status()
                    + ": authorize it with Sage first (POST /instances/" + instance.id() + "/authorization)");
        }
        if (!instance.settings().eventsEnabled()) {
            throw new ApiException(409, "events are disabled for instance " + instance.id()
                    + ": enable them first (PUT /instances/" + instance.id() + "/enabled)");
        }
        List<String> resources = resource == null ? List.copyOf(instance.settings().pollers().keySet()) : List.of(resource);
        if (resource != null && !instance.settings().pollers().containsKey(resource)) {
            throw new ValidationException(List.of(new FieldError("resource", "'" + resource + "' is not configured; configured: "
                    + instance.settings().pollers().keySet())));
        }
        Instant now = clock.instant();
        resources.forEach(r -> publisher.publish(PollTask.manual(instance.id(), r, now)));
        return resources;
    }

    /** The status of every configured resource: cursor, last poll, last error and counters. */
    Map<String, Object> status(StoredInstance instance) {
        Map<String, Object> resources = new LinkedHashMap<>();
        for (String resource : instance.settings().pollers().keySet()) {
            resources.put(resource, this.resources.statusView(instance.id(), resource));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", instance.id());
        view.put("status", instance.status().name());
        view.put("resources", resources);
        return view;
    }

    /** Spends a state without authorizing (Sage answered with an error); the instance it named. */
    long forgetState(String state) {
        return authorization.consumeState(state).orElseThrow(() ->
                ValidationException.of("state", "unknown or already used; start the authorization again"));
    }

    /** Completes the redirect flow: the state names the instance, the code becomes its tokens. */
    StoredInstance completeAuthorization(String state, String code) {
        long id = authorization.consumeState(state).orElseThrow(() ->
                new ValidationException(List.of(new FieldError("state", "unknown or already used; start the authorization again"))));
        StoredInstance instance = instances.find(id).orElseThrow(() -> ApiException.notFound("instance " + id, "state"));
        try {
            authorization.exchangeCode(id, instance.settings(), code, authorization.ourCallbackUrl());
        } catch (SageAuthException e) {
            throw new ValidationException(List.of(new FieldError("code", "Sage refused it: " + e.getMessage())));
        } catch (IOException e) {
            throw new ApiException(502, "cannot reach Sage ID to complete the authorization; try again");
        }
        // Re-read: the exchange took a round trip to Sage, and a PATCH may have landed meanwhile.
        StoredInstance active = instances.setStatus(id, InstanceStatus.ACTIVE, null)
                .orElseThrow(() -> ApiException.notFound("instance " + id, "state"));
        baselines.activated(active);
        log.info("instance {} authorized", id);
        return active;
    }

    Baselines baselines() {
        return baselines;
    }

    /** Re-schedules every stored instance, at start-up. */
    public int scheduleAll() {
        int resealed = instances.resealStale();
        if (resealed > 0) {
            log.info("re-encrypted the secrets of {} instance(s) with the current key", resealed);
        }
        return instances.forEach(scheduler::scheduleLocally);
    }
}
