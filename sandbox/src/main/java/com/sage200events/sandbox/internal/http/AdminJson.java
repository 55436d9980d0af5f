package com.sage200events.sandbox.internal.http;

import com.sage200events.sandbox.ActiveFault;
import com.sage200events.sandbox.ActiveHook;
import com.sage200events.sandbox.ActivityConfig;
import com.sage200events.sandbox.ActivityStatus;
import com.sage200events.sandbox.PageHook;
import com.sage200events.sandbox.SandboxFault;
import com.sage200events.sandbox.SeedSpec;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The admin API's JSON (snake case, every field optional unless said otherwise) to and from the public
 * records. Anything the records refuse comes back as a 400 naming the field.
 */
final class AdminJson {

    private AdminJson() {
    }

    /** {@code {"kind": "throttle", "path": "/customers", "times": 2, "probability": 0.5, "seed": 7, ...}} */
    static SandboxFault fault(Map<String, Object> json) {
        return parse(json, Set.of("kind", "path", "times", "probability", "seed", "status", "latency_ms", "retry_after_seconds", "every"), () -> {
            SandboxFault.Kind kind = SandboxFault.Kind.fromJson(text(json, "kind", null));
            int defaultStatus = kind == SandboxFault.Kind.HTML_PAGE ? 200 : kind == SandboxFault.Kind.SERVER_ERROR ? 500 : 0;
            double probability = number(json, "probability", 1.0);
            // A rate without a count fires until removed; a bare fault fires once.
            int times = (int) number(json, "times", json.containsKey("probability") || json.containsKey("every") ? 0 : 1);
            return new SandboxFault(kind, text(json, "path", "*"), times, probability, integer(json, "seed", 0),
                    (int) number(json, "status", defaultStatus), Duration.ofMillis((long) number(json, "latency_ms", 0)),
                    (int) number(json, "retry_after_seconds", 0), (int) number(json, "every", 1));
        });
    }

    static Map<String, Object> fault(ActiveFault active) {
        SandboxFault fault = active.fault();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", active.id());
        json.put("kind", fault.kind().jsonName());
        json.put("path", fault.path());
        json.put("times", fault.times());
        json.put("every", fault.every());
        json.put("probability", fault.probability());
        json.put("seed", fault.seed());
        json.put("status", fault.status());
        json.put("latency_ms", fault.latency().toMillis());
        json.put("retry_after_seconds", fault.retryAfterSeconds());
        json.put("fired", active.fired());
        json.put("spent", active.spent());
        return json;
    }

    /** {@code {"resource": "customers", "after_requests": 1, "match": "any", "ids": [1004], "oldest": 0, "fields": {}}} */
    @SuppressWarnings("unchecked")
    static PageHook hook(Map<String, Object> json) {
        return parse(json, Set.of("resource", "after_requests", "match", "ids", "oldest", "fields"), () -> {
            List<Long> ids = new ArrayList<>();
            for (Object id : (List<Object>) json.getOrDefault("ids", List.of())) {
                ids.add(((Number) id).longValue());
            }
            return new PageHook(text(json, "resource", null), (int) number(json, "after_requests", 1),
                    PageHook.Match.fromJson(text(json, "match", "any")), ids, (int) number(json, "oldest", 0),
                    (Map<String, Object>) json.getOrDefault("fields", Map.of()));
        });
    }

    static Map<String, Object> hook(ActiveHook active) {
        PageHook hook = active.hook();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", active.id());
        json.put("resource", hook.resource());
        json.put("after_requests", hook.afterRequests());
        json.put("match", hook.match().name().toLowerCase(java.util.Locale.ROOT));
        json.put("ids", hook.ids());
        json.put("oldest", hook.oldest());
        json.put("fields", hook.fields());
        json.put("counted", active.counted());
        json.put("fired", active.fired());
        json.put("error", active.error());
        return json;
    }

    /** Defaults from {@link ActivityConfig#defaults()} for whatever is left out. */
    @SuppressWarnings("unchecked")
    static ActivityConfig activity(Map<String, Object> json) {
        return parse(json, Set.of("resources", "operations_per_second", "seed", "create_share", "records_per_stamp", "late_share",
                "late_by_ms", "operations"), () -> {
            ActivityConfig d = ActivityConfig.defaults();
            List<String> resources = (List<String>) json.getOrDefault("resources", d.resources());
            return new ActivityConfig(resources, number(json, "operations_per_second", d.operationsPerSecond()),
                    integer(json, "seed", d.seed()), number(json, "create_share", d.createShare()),
                    (int) number(json, "records_per_stamp", d.recordsPerStamp()), number(json, "late_share", d.lateShare()),
                    Duration.ofMillis((long) number(json, "late_by_ms", d.lateBy().toMillis())));
        });
    }

    static Map<String, Object> activity(ActivityStatus status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("running", status.running());
        json.put("operations", status.operations());
        json.put("creates", status.creates());
        json.put("updates", status.updates());
        json.put("errors", status.errors());
        ActivityConfig config = status.config();
        if (config != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("resources", config.resources());
            c.put("operations_per_second", config.operationsPerSecond());
            c.put("seed", config.seed());
            c.put("create_share", config.createShare());
            c.put("records_per_stamp", config.recordsPerStamp());
            c.put("late_share", config.lateShare());
            c.put("late_by_ms", config.lateBy().toMillis());
            json.put("config", c);
        }
        return json;
    }

    /** {@code {"count": 1000, "fields": {}, "first_stamp": "2026-…Z", "stamp_step_ms": 10, "records_per_stamp": 20}} */
    @SuppressWarnings("unchecked")
    static SeedSpec seed(String resource, Map<String, Object> json) {
        return parse(json, Set.of("count", "fields", "first_stamp", "stamp_step_ms", "records_per_stamp"), () -> {
            String first = text(json, "first_stamp", null);
            Instant firstStamp = first == null ? null : SageTime.parse(first);
            return new SeedSpec(resource, (int) number(json, "count", 0), (Map<String, Object>) json.getOrDefault("fields", Map.of()),
                    firstStamp, Duration.ofMillis((long) number(json, "stamp_step_ms", 0)), (int) number(json, "records_per_stamp", 1));
        });
    }

    private static <T> T parse(Map<String, Object> json, Set<String> known, Supplier<T> reader) {
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw ApiError.badRequest("Unknown field '" + key + "'; expected some of " + new java.util.TreeSet<>(known));
            }
        }
        try {
            return reader.get();
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw ApiError.badRequest(e.getMessage() == null ? "Malformed body: " + e : e.getMessage());
        }
    }

    private static String text(Map<String, Object> json, String name, String absent) {
        Object value = json.get(name);
        if (value == null) {
            if (absent == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return absent;
        }
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException(name + " must be a string, was " + value);
        }
        return s;
    }

    /** Whole numbers as longs, so seeds past 2^53 survive. */
    private static long integer(Map<String, Object> json, String name, long absent) {
        Object value = json.get(name);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value);
        }
        return ((Number) value).longValue();
    }

    private static double number(Map<String, Object> json, String name, double absent) {
        Object value = json.get(name);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException(name + " must be a number, was " + value);
        }
        return n.doubleValue();
    }
}
