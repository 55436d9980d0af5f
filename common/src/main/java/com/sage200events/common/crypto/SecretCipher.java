package com.sage200events.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets at rest with AES-256-GCM. A ciphertext reads {@code enc:v1:<keyId>:<base64url(iv|ct|tag)>}:
 * the key id lets a deployment rotate keys (the first key of {@code ENCRYPTION_KEYS} encrypts, every listed key
 * decrypts, and values are re-encrypted with the current key when next saved). Each value is bound to a context
 * (e.g. {@code instance/42/oauth.api.secret}) as associated data, so a ciphertext copied to another instance or
 * field does not decrypt.
 */
public final class SecretCipher {

    public static final String ENV = "ENCRYPTION_KEYS";
    public static final String DEV_KEY_ID = "dev";
    private static final String PREFIX = "enc:v1:";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(SecretCipher::newCipher);
    private static volatile SecretCipher shared;

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final boolean development;

    private SecretCipher(Map<String, byte[]> keysInOrder, boolean development) {
        if (keysInOrder.isEmpty()) {
            throw new IllegalArgumentException(ENV + " must name at least one key");
        }
        Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
        keysInOrder.forEach((id, bytes) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(ENV + ": key id '" + id + "' must be 1-32 letters, digits, '-' or '_'");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException(ENV + ": key '" + id + "' must be 32 bytes (base64 of 32 random bytes), not "
                        + bytes.length);
            }
            specs.put(id, new SecretKeySpec(bytes, "AES"));
        });
        this.currentKeyId = keysInOrder.keySet().iterator().next();
        this.keys = Collections.unmodifiableMap(specs);
        this.development = development;
    }

    /** Keys in order, the first encrypting; for tests and tools. */
    public static SecretCipher withKeys(Map<String, byte[]> keysInOrder) {
        return new SecretCipher(new LinkedHashMap<>(keysInOrder), false);
    }

    /**
     * From {@code ENCRYPTION_KEYS=<id>:<base64 key>[,<id>:<base64 key>…]}; without it, the built-in development
     * key, which is public and therefore only fit for a laptop.
     */
    public static SecretCipher fromEnv(Map<String, String> env) {
        String spec = env.get(ENV);
        if (spec == null || spec.isBlank()) {
            return new SecretCipher(Map.of(DEV_KEY_ID, developmentKey()), true);
        }
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(ENV + " entries must read <id>:<base64 key>");
            }
            String id = trimmed.substring(0, colon);
            if (keys.containsKey(id)) {
                throw new IllegalArgumentException(ENV + ": key id '" + id + "' is listed twice");
            }
            keys.put(id, decodeKey(id, trimmed.substring(colon + 1).trim()));
        }
        return new SecretCipher(keys, false);
    }

    /**
     * The process-wide cipher from the environment, so every component that reads instances (scheduler, worker,
     * dispatcher) agrees without passing keys around. Warns loudly, once, when it is the development key.
     */
    public static SecretCipher shared() {
        SecretCipher cipher = shared;
        if (cipher == null) {
            synchronized (SecretCipher.class) {
                if (shared == null) {
                    shared = fromEnv(System.getenv());
                    if (shared.development) {
                        log.warn("*** {} is not set: secrets are encrypted at rest with the built-in DEVELOPMENT key, "
                                + "which is not secret. Set {}=<id>:<base64 of 32 random bytes> in production "
                                + "(e.g. k1:$(openssl rand -base64 32)). ***", ENV, ENV);
                    }
                }
                cipher = shared;
            }
        }
        return cipher;
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public boolean isDevelopmentKey() {
        return development;
    }

    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** True when {@code value} is a ciphertext under the current key (nothing to rotate). */
    public boolean isCurrent(String value) {
        return isEncrypted(value) && currentKeyId.equals(keyIdOf(value));
    }

    public String encrypt(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(currentKeyId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + currentKeyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + context + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The plaintext of a ciphertext made by {@link #encrypt} with the same context. A value that is not a
     * ciphertext is returned as it is: data written before encryption existed is read, and sealed when next saved.
     */
    public String decrypt(String value, String context) {
        if (!isEncrypted(value)) {
            return value;
        }
        String keyId = keyIdOf(value);
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("cannot decrypt " + context + ": key '" + keyId + "' is not in " + ENV);
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(value.substring(PREFIX.length() + keyId.length() + 1));
            if (raw.length < IV_BYTES + TAG_BITS / 8) {
                throw new IllegalStateException("cannot decrypt " + context + ": ciphertext is truncated");
            }
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(aad(keyId, context));
            return new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the value: only which secret failed and why (tampered, wrong key or wrong context).
            throw new IllegalStateException("cannot decrypt " + context + " with key '" + keyId + "': "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static String keyIdOf(String value) {
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? "" : value.substring(PREFIX.length(), end);
    }

    private static byte[] aad(String keyId, String context) {
        return (keyId + "\u0000" + context).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodeKey(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV + ": key '" + id + "' is not valid base64");
        }
    }

    /** A fixed key so a laptop's processes agree across restarts; derived, not random, and public by design. */
    private static byte[] developmentKey() {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest("sage200-events development key: NOT SECRET".getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is required by every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[current=" + currentKeyId + ", keys=" + keys.keySet() + "]";
    }
}
