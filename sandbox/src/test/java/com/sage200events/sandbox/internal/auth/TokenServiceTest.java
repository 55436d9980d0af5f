package com.sage200events.sandbox.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T07:00:00Z"));
    private final TokenService tokens = new TokenService(clock, Duration.ofSeconds(480));

    @Test
    void accessTokensExpireAfterTheirLifetime() {
        TokenResponse issued = login();

        clock.advance(Duration.ofSeconds(479));
        assertThat(tokens.isValidAccessToken(issued.accessToken())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.isValidAccessToken(issued.accessToken())).isFalse();
    }

    @Test
    void refreshRotatesAndAUsedTokenIsRefused() {
        TokenResponse first = login();
        TokenResponse second = tokens.refresh(first.refreshToken(), "c", "s");

        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThatThrownBy(() -> tokens.refresh(first.refreshToken(), "c", "s"))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_grant");
                });
    }

    @Test
    void aRefreshTokenBelongsToItsClient() {
        TokenResponse first = login();

        assertThatThrownBy(() -> tokens.refresh(first.refreshToken(), "other", "s")).isInstanceOf(OAuthException.class);
        assertThat(tokens.refresh(first.refreshToken(), "c", "s").accessToken()).isNotBlank();
    }

    @Test
    void expireAccessTokensKeepsRefreshTokensUsable() {
        TokenResponse issued = login();

        tokens.expireAccessTokens();

        assertThat(tokens.isValidAccessToken(issued.accessToken())).isFalse();
        assertThat(tokens.isValidAccessToken(tokens.refresh(issued.refreshToken(), "c", "s").accessToken())).isTrue();
    }

    @Test
    void codesExpire() {
        String code = tokens.authorize("c", "http://localhost/cb", null);
        clock.advance(Duration.ofMinutes(11));

        assertThatThrownBy(() -> tokens.exchangeCode(code, "c", "s", "http://localhost/cb")).hasMessageContaining("Invalid authorization code");
    }

    @Test
    void unknownTokensAreInvalid() {
        assertThat(tokens.isValidAccessToken(null)).isFalse();
        assertThat(tokens.isValidAccessToken("nope")).isFalse();
    }

    private TokenResponse login() {
        String code = tokens.authorize("c", "http://localhost/cb", null);
        TokenResponse response = tokens.exchangeCode(code, "c", "s", "http://localhost/cb");
        assertThat(response.scope()).contains("offline_access");
        return response;
    }
}
