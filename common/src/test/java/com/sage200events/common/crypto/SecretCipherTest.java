package com.sage200events.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] K1 = key(1);
    private static final byte[] K2 = key(2);

    @Test
    void aSecretRoundTripsAndIsNotReadableInTheCiphertext() {
        SecretCipher cipher = SecretCipher.withKeys(Map.of("k1", K1));
        String sealed = cipher.encrypt("P@$$w0rd", "instance/1/event.notification.basic.password");
        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("P@$$w0rd");
        assertThat(cipher.decrypt(sealed, "instance/1/event.notification.basic.password")).isEqualTo("P@$$w0rd");
        assertThat(cipher.encrypt("P@$$w0rd", "instance/1/event.notification.basic.password")).as("a fresh IV each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextMovedToAnotherInstanceOrFieldDoesNotDecrypt() {
        SecretCipher cipher = SecretCipher.withKeys(Map.of("k1", K1));
        String sealed = cipher.encrypt("secret", "instance/1/signing.key");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "instance/2/signing.key")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("secret\"");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "instance/1/subscription.key")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedCiphertextIsRefusedWithoutShowingIt() {
        SecretCipher cipher = SecretCipher.withKeys(Map.of("k1", K1));
        String sealed = cipher.encrypt("secret", "c");
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> cipher.decrypt(tampered, "c")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(tampered);
    }

    @Test
    void rotationEncryptsWithTheFirstKeyAndStillDecryptsWithTheOld() {
        SecretCipher old = SecretCipher.withKeys(Map.of("k1", K1));
        String sealedWithOld = old.encrypt("secret", "c");
        Map<String, byte[]> ring = new LinkedHashMap<>();
        ring.put("k2", K2);
        ring.put("k1", K1);
        SecretCipher rotated = SecretCipher.withKeys(ring);

        assertThat(rotated.decrypt(sealedWithOld, "c")).isEqualTo("secret");
        assertThat(rotated.isCurrent(sealedWithOld)).isFalse();
        String resealed = rotated.encrypt("secret", "c");
        assertThat(resealed).startsWith("enc:v1:k2:");
        assertThat(rotated.isCurrent(resealed)).isTrue();
        assertThatThrownBy(() -> old.decrypt(resealed, "c")).hasMessageContaining("'k2' is not in ENCRYPTION_KEYS");
    }

    @Test
    void theEnvironmentNamesKeysByIdFirstOneCurrent() {
        String env = "k2:" + Base64.getEncoder().encodeToString(K2) + ", k1:" + Base64.getUrlEncoder().encodeToString(K1);
        SecretCipher cipher = SecretCipher.fromEnv(Map.of(SecretCipher.ENV, env));
        assertThat(cipher.currentKeyId()).isEqualTo("k2");
        assertThat(cipher.isDevelopmentKey()).isFalse();
        assertThat(SecretCipher.fromEnv(Map.of()).isDevelopmentKey()).isTrue();
        assertThatThrownBy(() -> SecretCipher.fromEnv(Map.of(SecretCipher.ENV, "k1:" + Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretCipher.fromEnv(Map.of(SecretCipher.ENV, "no-colon"))).hasMessageContaining("<id>:<base64 key>");
    }

    @Test
    void plaintextWrittenBeforeEncryptionIsReadAsIs() {
        SecretCipher cipher = SecretCipher.withKeys(Map.of("k1", K1));
        assertThat(cipher.decrypt("legacy", "c")).isEqualTo("legacy");
        assertThat(cipher.isCurrent("legacy")).isFalse();
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
