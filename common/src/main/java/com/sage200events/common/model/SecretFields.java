package com.sage200events.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration values are secrets: encrypted at rest, masked in every response, never logged. The known
 * keys of DESIGN.md §3, plus any unknown key whose name says it holds a secret (users pass through keys of
 * their own; a {@code foo.password} must not come back in clear because we did not know it).
 */
public final class SecretFields {

    /** What responses show instead of a secret; sent back in a PATCH, it means "keep the stored value". */
    public static final String MASK = "********";

    public static final Set<String> KNOWN = Set.of(
            "oauth.api.secret", "subscription.key", "signing.key", "oauth.refresh.token",
            "event.notification.basic.password", "event.notification.signature.key");

    private static final Set<String> HINTS = Set.of("secret", "password", "passwd", "token", "private", "credential");

    private SecretFields() {
    }

    public static boolean isSecret(String key) {
        if (KNOWN.contains(key)) {
            return true;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return !InstanceValidator.KNOWN_KEYS.contains(key) && HINTS.stream().anyMatch(lower::contains);
    }

    /** A copy of the configuration with every secret value replaced by {@link #MASK}. */
    public static ObjectNode masked(ObjectNode configuration) {
        ObjectNode copy = configuration.deepCopy();
        configuration.fieldNames().forEachRemaining(key -> {
            if (isSecret(key) && !copy.get(key).isNull()) {
                copy.put(key, MASK);
            }
        });
        return copy;
    }
}
