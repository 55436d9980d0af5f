package com.sage200events.scheduler.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** Tokens we hand out, comparison without timing leaks, and masking of secret configuration values. */
final class Secrets {

    static final String MASK = "********";
    static final Set<String> SECRET_KEYS = Set.of(
            "oauth.api.secret", "subscription.key", "signing.key", "oauth.refresh.token",
            "event.notification.basic.password", "event.notification.signature.key");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    static boolean same(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode masked(ObjectNode configuration) {
        ObjectNode copy = configuration.deepCopy();
        SECRET_KEYS.forEach(key -> {
            if (copy.hasNonNull(key)) {
                copy.put(key, MASK);
            }
        });
        return copy;
    }
}
