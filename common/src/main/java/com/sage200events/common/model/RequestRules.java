package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules checked when a user sends a configuration (create and patch), on top of what {@link InstanceValidator}
 * derives: bounds that keep one tenant's document small and readable back, secrets that must be strings, and URLs
 * that must be callable ({@link CallableUrl}: a port in 1..65535, a host Jetty can read) and must not hide a secret
 * ({@link UrlSecrets}: user-info, a fragment, a secret-named query or path parameter; issue 16) in either callback URL.
 * They are not applied when a stored instance is read, so tightening them never breaks a running instance.
 */
final class RequestRules {

    static final int MAX_KEYS = 100;
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_DEPTH = 16;
    static final int MAX_RESOURCES = 50;

    private static final Set<String> POLLER_KEYS = Set.of("url", "idField", "datesConfiguration", "pageSize", "pollDelay",
            "createdCheckTolerance", "filterByCurrentDate");
    private static final Set<String> DATES_KEYS = Set.of("updatedDateField", "updatedDateFormat", "updatedDateTimezone",
            "createdDateField", "createdDateFormat", "createdDateTimezone");

    private RequestRules() {
    }

    static void check(ObjectNode configuration, Fields f) {
        if (configuration.size() > MAX_KEYS) {
            f.error("configuration", "must hold at most " + MAX_KEYS + " keys, not " + configuration.size());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            String path = "configuration." + Fields.key(key);
            if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
                f.error(path, "key must be 1.." + MAX_KEY_LENGTH + " characters");
            } else if (depth(value) > MAX_DEPTH) {
                f.error(path, "is nested more than " + MAX_DEPTH + " levels deep");
            } else if (SecretFields.isSecret(key) && !value.isNull() && !value.isTextual()) {
                f.error(path, "must be a string (it is a secret, kept encrypted)");
            } else if (SecretFields.isSecret(key) && SecretFields.MASK.equals(value.asText())) {
                f.error(path, "is the mask we show in place of a secret; send the real value");
            }
        }
        checkUrl(configuration, "event.notification.callback.url", "remove them and set event.notification.basic.username"
                + " and event.notification.basic.password (kept encrypted, sent as Authorization: Basic), or verify our"
                + " signature (event.notification.signature.key, webhook-signature)", f);
        checkUrl(configuration, "oauth.callback.url", "Sage sends the user's browser there; carry your own reference"
                + " in the OAuth state instead", f);
        JsonNode pollers = configuration.get("event.poller.configuration");
        if (pollers != null && pollers.isObject() && pollers.size() > MAX_RESOURCES) {
            f.error("configuration.event.poller.configuration", "must configure at most " + MAX_RESOURCES
                    + " resources, not " + pollers.size());
        }
        refuseBlankDates(pollers, f);
    }

    /**
     * A datesConfiguration key given as {@code ""} would read as left out and silently take its default (e.g.
     * {@code updated_at}); a user who writes the key means a value. A rule of requests only: a stored instance that
     * has one keeps polling with the default.
     */
    private static void refuseBlankDates(JsonNode pollers, Fields f) {
        if (pollers == null || !pollers.isObject()) {
            return;
        }
        pollers.fields().forEachRemaining(entry -> {
            JsonNode dates = entry.getValue().get("datesConfiguration");
            if (dates == null || !dates.isObject()) {
                return;
            }
            for (String key : DATES_KEYS) {
                JsonNode value = dates.get(key);
                if (value != null && value.isTextual() && value.asText().isBlank()) {
                    f.error("configuration.event.poller.configuration." + Fields.key(entry.getKey()) + ".datesConfiguration." + key,
                            "must not be blank (leave the key out for the default)");
                }
            }
        });
    }

    /**
     * A URL must be one we can call ({@link CallableUrl}) and, being shown and logged, may carry no credentials
     * (issue 16, {@link UrlSecrets}).
     */
    private static void checkUrl(ObjectNode configuration, String key, String remedy, Fields f) {
        JsonNode url = configuration.get(key);
        if (url == null || !url.isTextual()) {
            return;
        }
        String path = "configuration." + key;
        // Not absolute http(s) with a host: the settings say so (also for a stored instance), once is enough.
        if (InstanceValidator.isHttpUrl(url.asText())) {
            CallableUrl.refusal(url.asText()).ifPresent(why -> f.error(path, why));
        }
        UrlSecrets.refusal(url.asText(), remedy).ifPresent(why -> f.error(path, why));
    }

    /** Top-level body fields we do not read: Cloud Elements clients send a few; they are ignored, not refused. */
    static List<String> unknownTopLevel(JsonNode body, Set<String> known) {
        List<String> warnings = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                warnings.add(Fields.key(name) + ": unknown field, ignored");
            }
        });
        return warnings;
    }

    /** Keys of a poller entry or its datesConfiguration that we do not read (a typo such as pagesize is common). */
    static List<String> unknownPollerKeys(JsonNode pollers) {
        List<String> warnings = new ArrayList<>();
        if (pollers == null || !pollers.isObject()) {
            return warnings;
        }
        pollers.fields().forEachRemaining(entry -> {
            String path = "configuration.event.poller.configuration." + Fields.key(entry.getKey());
            JsonNode poller = entry.getValue();
            if (!poller.isObject()) {
                return;
            }
            poller.fieldNames().forEachRemaining(key -> {
                if (!POLLER_KEYS.contains(key)) {
                    warnings.add(path + "." + Fields.key(key) + ": unknown key, kept but not used");
                }
            });
            JsonNode dates = poller.get("datesConfiguration");
            if (dates != null && dates.isObject()) {
                dates.fieldNames().forEachRemaining(key -> {
                    if (!DATES_KEYS.contains(key)) {
                        warnings.add(path + ".datesConfiguration." + Fields.key(key) + ": unknown key, kept but not used");
                    }
                });
            }
        });
        return warnings;
    }

    /** Depth without recursion, so a hostile body cannot overflow the stack here. */
    static int depth(JsonNode root) {
        int max = 0;
        Deque<Map.Entry<JsonNode, Integer>> stack = new ArrayDeque<>();
        stack.push(Map.entry(root, 1));
        while (!stack.isEmpty()) {
            Map.Entry<JsonNode, Integer> top = stack.pop();
            max = Math.max(max, top.getValue());
            if (max > MAX_DEPTH) {
                return max;
            }
            if (top.getKey().isContainerNode()) {
                top.getKey().elements().forEachRemaining(child -> stack.push(Map.entry(child, top.getValue() + 1)));
            }
        }
        return max;
    }
}
