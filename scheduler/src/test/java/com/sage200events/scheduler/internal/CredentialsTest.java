package com.sage200events.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void theAccountAndTheElementFormsAreReadInAnyOrderAndCase() {
        assertThat(Credentials.parse("User u, Organization o")).hasValue(new Credentials("u", "o", null));
        assertThat(Credentials.parse("organization o ,user u")).hasValue(new Credentials("u", "o", null));
        assertThat(Credentials.parse("User u, Element t")).hasValue(new Credentials("u", null, "t"));
    }

    @Test
    void anythingElseIsNoCredentials() {
        for (String header : new String[] {null, "", "Bearer x", "User u", "Element t", "User u, Organization o, Element t",
            "User u, Organization", "User u,, Organization o", "User u Organization o"}) {
            assertThat(Credentials.parse(header)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void secretsNeverReachToString() {
        assertThat(Credentials.parse("User secret-u, Organization secret-o").orElseThrow().toString()).doesNotContain("secret");
    }
}
