package com.sage200events.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16 and its review: no secret may hide in a URL, in user-info, fragment, query or path parameter. */
class UrlSecretsTest {

    private static final String REMEDY = "use event.notification.basic.*";

    @ParameterizedTest
    @ValueSource(strings = {"token", "access_token", "refresh-token", "X-Auth-Token", "accesstoken", "secret", "clientSecret",
            "password", "X-Password", "passwd", "pwd", "passphrase", "key", "api_key", "apiKey", "APIKEY", "X-API-KEY", "appKey",
            "accesskey", "auth", "Authorization", "basic_auth", "credential", "credentials", "signature", "sig", "X-Sig",
            "hmac", "session", "sessionId", "jsessionid", "PHPSESSID", "jwt", "bearer", "%74oken", "api%5Fkey", "Cred%65ntials"})
    void aNameSayingItHoldsASecretIsOne(String name) {
        assertThat(UrlSecrets.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant", "source", "id", "event", "type", "format", "v", "keyword", "keywords", "monkey", "turkey",
            "hockey", "design", "designId", "signup", "assign", "consignment", "author", "authority", "authors", "page",
            "pageSize", "region", "callback", "hook", "version", "lang"})
    void anOrdinaryNameIsNot(String name) {
        assertThat(UrlSecrets.isSecretName(name)).isFalse();
    }

    @Test
    void theReviewersFragmentIsRefusedAndAnyOtherFragmentToo() {
        assertThat(UrlSecrets.refusal("http://127.0.0.1:9999/ok#access_token=abc", REMEDY))
                .hasValueSatisfying(why -> assertThat(why).contains("fragment").contains("never sent").doesNotContain("abc"));
        assertThat(UrlSecrets.refusal("https://hooks.example.com/in#section", REMEDY)).isPresent();
        assertThat(UrlSecrets.refusal("https://hooks.example.com/in#", REMEDY)).isPresent();
    }

    @Test
    void theReviewersPathParameterIsRefusedNamingItNotItsValue() {
        assertThat(UrlSecrets.refusal("http://127.0.0.1:9999/ok;token=abc", REMEDY))
                .hasValueSatisfying(why -> assertThat(why).contains("path parameter ';token='").contains(REMEDY).doesNotContain("abc"));
    }

    @Test
    void pathParametersOfEverySegmentAreCheckedAndOrdinaryOnesPass() {
        assertThat(UrlSecrets.refusal("https://h.example.com/a;v=1/b;jsessionid=abc/c", REMEDY)).isPresent();
        assertThat(UrlSecrets.refusal("https://h.example.com/a;v=1;Session=abc", REMEDY)).isPresent();
        assertThat(UrlSecrets.refusal("https://h.example.com/a;v=1/b;lang=en/c?tenant=acme", REMEDY)).isEmpty();
        // An encoded ';' is data in the segment, not a delimiter.
        assertThat(UrlSecrets.refusal("https://h.example.com/a%3Bv=1", REMEDY)).isEmpty();
    }

    @Test
    void theReviewersQueryParameterNamesAreRefusedWithTheRuleExplained() {
        for (String name : new String[] {"credential", "auth"}) {
            assertThat(UrlSecrets.refusal("https://h.example.com/in?tenant=acme&" + name + "=abc", REMEDY))
                    .hasValueSatisfying(why -> assertThat(why).contains("query parameter '" + name + "'")
                            .contains("counts as a secret").contains("percent-decoded").doesNotContain("abc"));
        }
    }

    @Test
    void userInfoIsStillRefused() {
        assertThat(UrlSecrets.refusal("https://user:pw@h.example.com/in", REMEDY))
                .hasValueSatisfying(why -> assertThat(why).contains("user:password@"));
        assertThat(UrlSecrets.refusal("https://user@h.example.com/in", REMEDY)).isPresent();
    }
}
