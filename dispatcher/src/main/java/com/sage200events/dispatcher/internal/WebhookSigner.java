package com.sage200events.dispatcher.internal;

import com.sage200events.common.model.InstanceSettings;
import com.sage200events.common.redis.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers of one attempt (DESIGN.md §5): Basic auth when configured; the Cloud Elements id and, with a
 * signature key, {@code Elements-Webhook-Signature: sha256=<base64 HMAC(body)>}; and the Standard Webhooks
 * trio signed with the instance's {@code whsec_} secret(s), one {@code v1,…} per secret during a rotation.
 */
final class WebhookSigner {

    // Looking the algorithm up costs more than signing a body; a Mac is reusable after doFinal, not thread-safe.
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    });

    private WebhookSigner() {
    }

    static Map<String, String> headers(InstanceSettings settings, List<String> webhookSecrets, String messageId,
                                       long timestampSeconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Elements-Webhook-Id", messageId);
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestampSeconds));
        settings.basicUsername().ifPresent(user -> headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.basicPassword().orElse("")).getBytes(StandardCharsets.UTF_8))));
        settings.signatureKey().ifPresent(key ->
                headers.put("Elements-Webhook-Signature", "sha256=" + hmac(key.getBytes(StandardCharsets.UTF_8), body)));
        if (!webhookSecrets.isEmpty()) {
            // Standard Webhooks signs "<id>.<timestamp>.<body>"; fed to the MAC in two parts rather than copied into one.
            byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
            StringBuilder signatures = new StringBuilder();
            for (String secret : webhookSecrets) {
                if (signatures.length() > 0) {
                    signatures.append(' ');
                }
                signatures.append("v1,").append(hmac(WebhookSecrets.keyBytes(secret), prefix, body));
            }
            headers.put("webhook-signature", signatures.toString());
        }
        return headers;
    }

    /** Base64 of HMAC-SHA256 over {@code parts} in order, as if they were one array. */
    static String hmac(byte[] secret, byte[]... parts) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
        }
    }
}
