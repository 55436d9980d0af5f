package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.common.model.FieldError;
import com.sage200events.common.model.InstanceRequest;
import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.model.InstanceValidator;
import com.sage200events.common.model.ResourcePoller;
import com.sage200events.common.model.StoredInstance;
import com.sage200events.common.model.ValidationException;
import com.sage200events.common.sage.SageSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dry-run routes (DESIGN §4 "Dry run", issue 14): try a poller configuration against Sage before it runs for
 * real. Both save nothing, publish nothing and touch no cursor or seen set ({@link PollerDryRun}).
 *
 * <ul>
 *   <li>{@code POST /instances/dry-run[?instanceId=&since=&limit=]}: the body of {@code POST /instances}, validated as
 *   create validates it (same {@code 400}s). A new instance has no Sage tokens yet, and its credentials cannot be
 *   spent here: a {@code providerData.code} works once, and Sage rotates a refresh token when it is used, so either
 *   would leave the create that follows without one. So Sage is read only with {@code instanceId}, an existing
 *   instance of the caller's organization whose tokens, subscription key and company are borrowed; without it the
 *   answer is what can be known without Sage: the validated configuration and the requests it would send.</li>
 *   <li>{@code POST /instances/{id}/resources/{resource}/dry-run[?since=&limit=]}: one resource of an instance, as
 *   configured or, with a body, with the poller configuration in the body (the value of
 *   {@code event.poller.configuration.<resource>}, validated under that path).</li>
 * </ul>
 */
public final class DryRunApi {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;
    private static final String POLLERS = "event.poller.configuration";

    private final ApiAccess access;
    private final InstanceService service;
    private final PollerDryRun dryRun;
    private final Clock clock;
    private final int maxRequestBytes;

    DryRunApi(ApiAccess access, InstanceService service, PollerDryRun dryRun, Clock clock, int maxRequestBytes) {
        this.access = access;
        this.service = service;
        this.dryRun = dryRun;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
    }

    /**
     * @param sessions Sage access as the worker has it: the shared token store, single-flight refresh and site lookup
     * @param serverZone the zone of {@code ${date:FMT}} placeholders: the worker's {@code SERVER_TIME_ZONE}
     * @param maxRequestBytes the largest body read ({@code API_MAX_REQUEST_BYTES}); larger is a {@code 413}
     */
    public static DryRunApi create(ApiAccess access, InstanceService service, SageSessions sessions, ZoneId serverZone,
                                   Clock clock, int maxRequestBytes) {
        return new DryRunApi(access, service, new PollerDryRun(sessions, serverZone, clock), clock, maxRequestBytes);
    }

    /** Adds both routes; errors reach the caller through {@link ApiErrors}' handlers, in create's shape. */
    public void mount(Javalin app) {
        app.post("/instances/dry-run", this::tryInstance);
        app.post("/instances/{id}/resources/{resource}/dry-run", this::tryResource);
    }

    private void tryInstance(Context ctx) {
        String organization = access.organization(ctx);
        Window window = window(ctx);
        Optional<StoredInstance> borrowed = borrowed(ctx, organization);
        InstanceRequest request = InstanceValidator.validateCreate(ApiErrors.jsonBody(ctx, maxRequestBytes));
        List<String> warnings = new ArrayList<>(request.warnings());
        request.settings().callbackUrl().flatMap(service::requireAllowedCallback).ifPresent(warnings::add);
        Map<String, Object> resources = new LinkedHashMap<>();
        request.settings().pollers().forEach((name, poller) -> resources.put(name, borrowed
                .map(instance -> dryRun.run(instance.id(), instance.settings(), poller, window.since(), window.limit(), false))
                .orElseGet(() -> dryRun.plan(poller, window.since()))));
        Map<String, Object> body = answer(window, resources);
        body.put("sageRead", borrowed.isPresent());
        if (borrowed.isPresent()) {
            body.put("connection", "Sage tokens, subscription key and company of instance " + borrowed.get().id());
        } else {
            body.put("note", "Sage not read: a new instance has no Sage tokens, and a providerData.code or refresh token "
                    + "spent here would be gone for the create (a code works once; Sage rotates refresh tokens). "
                    + "Add ?instanceId=<an instance of yours> to read Sage with its authorization.");
        }
        body.put("warnings", warnings);
        ctx.json(body);
    }

    private void tryResource(Context ctx) {
        StoredInstance instance = access.instance(ctx);
        String resource = ctx.pathParam("resource");
        Window window = window(ctx);
        Optional<JsonNode> changed = ApiErrors.optionalJsonBody(ctx, maxRequestBytes);
        ResourcePoller poller = changed.map(config -> changedPoller(instance, resource, config))
                .orElseGet(() -> configuredPoller(instance, resource));
        Map<String, Object> body = answer(window, Map.of(resource,
                dryRun.run(instance.id(), instance.settings(), poller, window.since(), window.limit(), true)));
        body.put("sageRead", true);
        body.put("changedConfiguration", changed.isPresent());
        ctx.json(body);
    }

    private static ResourcePoller configuredPoller(StoredInstance instance, String resource) {
        ResourcePoller poller = instance.settings().pollers().get(resource);
        if (poller == null) {
            throw new ValidationException(List.of(new FieldError("resource", "'" + (resource.length() > 64 ? resource.substring(0, 64) + "…" : resource)
                    + "' is not configured; configured: " + instance.settings().pollers().keySet()
                    + "; send a poller configuration in the body to try a new one")));
        }
        return poller;
    }

    /** The instance's configuration with this one entry replaced, validated whole, so errors name the entry's fields. */
    private static ResourcePoller changedPoller(StoredInstance instance, String resource, JsonNode config) {
        ObjectNode configuration = instance.configuration().deepCopy();
        JsonNode stored = configuration.get(POLLERS);
        ObjectNode pollers = stored != null && stored.isObject() ? (ObjectNode) stored : configuration.putObject(POLLERS);
        pollers.set(resource, config);
        InstanceSettings settings = InstanceValidator.settings(configuration);
        return settings.pollers().get(resource);
    }

    private Optional<StoredInstance> borrowed(Context ctx, String organization) {
        String text = ctx.queryParam("instanceId");
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.of("instanceId", "must be the id of one of your instances");
        }
        try {
            return Optional.of(service.owned(organization, id));
        } catch (ApiException e) {
            throw ApiException.notFound("instance " + id, "instanceId");
        }
    }

    /** {@code ?since=} (ISO-8601, default an hour ago, not in the future) and {@code ?limit=} (events shown, 1..200). */
    private Window window(Context ctx) {
        Instant now = clock.instant();
        Instant since = EventsApi.instant(ctx.queryParam("since"), "since", now.minus(DEFAULT_WINDOW));
        if (since.isAfter(now)) {
            throw ValidationException.of("since", "must not be in the future");
        }
        return new Window(since, limit(ctx.queryParam("limit")));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 0 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the bounds
        }
        throw ValidationException.of("limit", "must be a whole number from 0 to " + MAX_LIMIT);
    }

    private static Map<String, Object> answer(Window window, Map<String, Object> resources) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dryRun", true);
        body.put("since", window.since().toString());
        body.put("limit", window.limit());
        body.put("resources", resources);
        return body;
    }

    private record Window(Instant since, int limit) {
    }
}
