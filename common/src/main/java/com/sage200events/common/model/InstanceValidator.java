package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an instance body (the seed document's JSON) and derives its {@link InstanceSettings}. Every problem
 * is collected with its field path so one {@code 400} tells the user everything to fix.
 */
public final class InstanceValidator {

    public static final String ELEMENT_KEY = "sage200";

    static final Set<String> KNOWN_KEYS = Set.of(
            "oauth.api.key", "oauth.api.secret", "subscription.key", "signing.key", "company.name",
            "oauth.callback.url", "oauth.refresh.token",
            "event.notification.enabled", "event.notification.callback.url",
            "event.notification.basic.username", "event.notification.basic.password",
            "event.notification.signature.key",
            "event.poller.refresh_interval", "event.poller.configuration");

    private static final int MAX_TAGS = 50;
    private static final Set<String> CREATE_FIELDS = Set.of("element", "name", "tags", "configuration", "providerData");

    private InstanceValidator() {
    }

    /** Whether {@code key} is a configuration key we read (others are kept and passed through). */
    public static boolean isKnownKey(String key) {
        return KNOWN_KEYS.contains(key);
    }

    /** Validates a whole create body; throws {@link ValidationException} listing every bad field. */
    public static InstanceRequest validateCreate(JsonNode body) {
        Fields f = new Fields();
        if (body == null || !body.isObject()) {
            throw ValidationException.of("body", "must be a JSON object");
        }
        JsonNode element = body.get("element");
        if (element == null || !element.isObject()) {
            f.error("element.key", "is required: {\"element\": {\"key\": \"" + ELEMENT_KEY + "\"}}");
        } else {
            JsonNode key = element.get("key");
            if (key == null || !key.isTextual() || key.asText().isBlank()) {
                f.error("element.key", "is required and must be \"" + ELEMENT_KEY + "\"");
            } else if (!key.asText().equals(ELEMENT_KEY)) {
                f.error("element.key", "unknown element '" + Fields.abbreviate(key.asText()) + "': only \"" + ELEMENT_KEY
                        + "\" is served here");
            }
        }
        String name = f.requiredText(body, "name", "name");
        List<String> tags = tags(body.get("tags"), f);
        Optional<String> code = providerCode(body.get("providerData"), f);
        JsonNode configuration = body.get("configuration");
        if (configuration == null || !configuration.isObject()) {
            f.error("configuration", "is required and must be an object");
            throw f.failure();
        }
        RequestRules.check((ObjectNode) configuration, f);
        InstanceSettings settings = settings((ObjectNode) configuration, f);
        f.throwIfAny();
        List<String> warnings = new ArrayList<>(RequestRules.unknownTopLevel(body, CREATE_FIELDS));
        warnings.addAll(warnings((ObjectNode) configuration, settings));
        return new InstanceRequest(name, tags, (ObjectNode) configuration.deepCopy(), code, settings, warnings);
    }

    /** Derives settings from a configuration that may be stored or patched; throws when invalid. */
    public static InstanceSettings settings(ObjectNode configuration) {
        Fields f = new Fields();
        InstanceSettings settings = settings(configuration, f);
        f.throwIfAny();
        return settings;
    }

    static InstanceSettings settings(ObjectNode c, Fields f) {
        String apiKey = f.requiredText(c, "oauth.api.key", "configuration.oauth.api.key");
        String apiSecret = f.requiredText(c, "oauth.api.secret", "configuration.oauth.api.secret");
        String subscriptionKey = f.requiredText(c, "subscription.key", "configuration.subscription.key");
        String signingKey = f.requiredText(c, "signing.key", "configuration.signing.key");
        String company = f.requiredText(c, "company.name", "configuration.company.name");
        Optional<String> oauthCallback = f.optionalText(c, "oauth.callback.url", "configuration.oauth.callback.url");
        oauthCallback.ifPresent(url -> f.checkHttpUrl(url, "configuration.oauth.callback.url"));
        Optional<String> refreshToken = f.optionalText(c, "oauth.refresh.token", "configuration.oauth.refresh.token");

        boolean enabled = f.bool(c, "event.notification.enabled", "configuration.event.notification.enabled", false);
        Optional<String> callback = f.optionalText(c, "event.notification.callback.url", "configuration.event.notification.callback.url");
        if (enabled && callback.isEmpty()) {
            f.error("configuration.event.notification.callback.url", "is required when event.notification.enabled is true");
        }
        callback.ifPresent(url -> f.checkHttpUrl(url, "configuration.event.notification.callback.url"));
        Optional<String> username = f.optionalText(c, "event.notification.basic.username", "configuration.event.notification.basic.username");
        Optional<String> password = f.optionalText(c, "event.notification.basic.password", "configuration.event.notification.basic.password");
        if (password.isPresent() && username.isEmpty()) {
            f.error("configuration.event.notification.basic.username", "is required when a basic password is set");
        }
        Optional<String> signatureKey = f.optionalText(c, "event.notification.signature.key", "configuration.event.notification.signature.key");
        Duration interval = f.positiveInt(c, "event.poller.refresh_interval", "configuration.event.poller.refresh_interval", 1, 1440)
                .map(Duration::ofMinutes).orElse(InstanceSettings.DEFAULT_REFRESH_INTERVAL);
        var pollers = PollerConfigValidator.pollers(c.get("event.poller.configuration"), f);
        if (enabled && pollers.isEmpty() && !f.hasErrorUnder("configuration.event.poller.configuration")) {
            f.error("configuration.event.poller.configuration", "must configure at least one resource when events are enabled");
        }
        return new InstanceSettings(apiKey, apiSecret, subscriptionKey, signingKey, company, oauthCallback, refreshToken,
                enabled, callback, username, password, signatureKey, interval, pollers);
    }

    static List<String> tags(JsonNode tags, Fields f) {
        List<String> result = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return result;
        }
        if (!tags.isArray()) {
            f.error("tags", "must be an array of strings");
            return result;
        }
        if (tags.size() > MAX_TAGS) {
            f.error("tags", "must hold at most " + MAX_TAGS + " tags, not " + tags.size());
            return result;
        }
        for (int i = 0; i < tags.size(); i++) {
            JsonNode tag = tags.get(i);
            if (!tag.isTextual() || tag.asText().isBlank()) {
                f.error("tags[" + i + "]", "must be a non-empty string");
            } else if (tag.asText().length() > 200) {
                f.error("tags[" + i + "]", "must be at most 200 characters");
            } else {
                result.add(tag.asText());
            }
        }
        return result;
    }

    static Optional<String> providerCode(JsonNode providerData, Fields f) {
        if (providerData == null || providerData.isNull()) {
            return Optional.empty();
        }
        if (!providerData.isObject()) {
            f.error("providerData", "must be an object");
            return Optional.empty();
        }
        JsonNode code = providerData.get("code");
        if (code != null && code.isTextual() && code.asText().isBlank()) {
            // Read as absent, a blank code would leave the instance waiting for authorization without a word.
            f.error("providerData.code", "must not be blank (leave providerData out to authorize through authorizationUrl)");
            return Optional.empty();
        }
        return f.optionalText(providerData, "code", "providerData.code");
    }

    static List<String> warnings(ObjectNode configuration, InstanceSettings settings) {
        List<String> warnings = new ArrayList<>();
        configuration.fieldNames().forEachRemaining(key -> {
            if (!KNOWN_KEYS.contains(key)) {
                warnings.add("configuration." + Fields.key(key) + ": unknown key, kept but not used"
                        + (SecretFields.isSecret(key) ? " (treated as a secret: encrypted and masked)" : ""));
            }
        });
        warnings.addAll(RequestRules.unknownPollerKeys(configuration.get("event.poller.configuration")));
        settings.pollers().values().forEach(p -> {
            if (!p.name().equals(p.hubResource().hubName())) {
                warnings.add("configuration.event.poller.configuration." + p.name() + ".url: polls "
                        + p.hubResource().hubName() + ", not " + p.name() + "; its events carry objectType '"
                        + p.name() + "' (the seed document's transactions entry does this)");
            }
            if (!p.template().hasPlaceholders()) {
                // Legal, and a small resource may want it, but the cost grows with the table: say so at the time.
                warnings.add("configuration.event.poller.configuration." + p.name() + ".url: "
                        + (p.template().where().isPresent() ? "its where clause has no date placeholder" : "has no where clause")
                        + ", so every poll reads the whole resource from Sage (no date window); to read only recent changes"
                        + " add e.g. where=date_time_updated>='${date:yyyy-MM-dd'T'HH:mm:ss}'");
            }
        });
        return warnings;
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
