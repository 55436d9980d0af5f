package com.sage200events.dispatcher.internal;

import com.sage200events.common.model.InstanceSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of one delivery: Basic auth when configured, the Cloud Elements id and signature, and the
 * Standard Webhooks trio ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}) so any
 * standard verifier works.
 */
final class WebhookSigner {

    private WebhookSigner() {
    }

    static Map<String, String> headers(InstanceSettings settings, String messageId, long timestampSeconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Elements-Webhook-Id", messageId);
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestampSeconds));
        settings.basicUsername().ifPresent(user -> headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.basicPassword().orElse("")).getBytes(StandardCharsets.UTF_8))));
        settings.signatureKey().ifPresent(key -> {
            byte[] secret = key.getBytes(StandardCharsets.UTF_8);
            headers.put("Elements-Webhook-Signature", "sha256=" + hmac(secret, body));
            byte[] signed = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
            headers.put("webhook-signature", "v1," + hmac(secret, concat(signed, body)));
        });
        return headers;
    }

    static String hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
