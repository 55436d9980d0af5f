package com.sage200events.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sage200events.common.model.ValidationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CallbackUrlGuardTest {

    private final CallbackUrlGuard production = CallbackUrlGuard.production();
    private final CallbackUrlGuard dev = CallbackUrlGuard.dev();

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8070/inbox", "http://localhost/x", "http://[::1]/x", "http://10.1.2.3/x",
            "http://192.168.0.10/x", "http://172.20.0.5/x", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/x",
            "http://[::ffff:127.0.0.1]/x", "http://100.100.100.200/x", "http://[fd00:ec2::254]/x", "http://100.64.0.1/x"})
    void productionRefusesLocalPrivateAndMetadataAddresses(String url) {
        assertThat(production.refusal(url)).isPresent();
    }

    @Test
    void productionAllowsAPublicAddress() {
        assertThat(production.refusal("https://93.184.215.14/hook")).isEmpty();
    }

    @Test
    void devAllowsLoopbackAndPrivateButNeverMetadata() {
        assertThat(dev.refusal("http://127.0.0.1:8070/inbox")).isEmpty();
        assertThat(dev.refusal("http://localhost:8070/inbox")).isEmpty();
        assertThat(dev.refusal("http://10.0.0.2/x")).isEmpty();
        assertThat(dev.refusal("http://169.254.169.254/latest")).hasValueSatisfying(why -> assertThat(why).contains("metadata"));
    }

    @Test
    void allowListedHostsAndRangesPass() {
        CallbackUrlGuard guard = new CallbackUrlGuard(CallbackUrlGuard.Mode.PRODUCTION, List.of("localhost", "10.8.0.0/16"));
        assertThat(guard.refusal("http://localhost/x")).isEmpty();
        assertThat(guard.refusal("http://10.8.3.4/x")).isEmpty();
        assertThat(guard.refusal("http://10.9.3.4/x")).isPresent();
    }

    @Test
    void aRefusalIsAValidationErrorNamingTheField() {
        assertThatThrownBy(() -> production.requireAllowed("http://127.0.0.1/x", "configuration.event.notification.callback.url"))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors().get(0).field())
                        .isEqualTo("configuration.event.notification.callback.url"));
        assertThat(production.refusal("ftp://example.com/x")).hasValueSatisfying(why -> assertThat(why).contains("http"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:99999/ok", "http://127.0.0.1:0/ok", "http:///x", "http://[fe80::1%25eth0]/x"})
    void aUrlNoClientCanCallIsRefusedBeforeAnyLookUpInEveryMode(String url) {
        // Also what the dispatcher's gate asks before each delivery: such a stored URL is parked with this reason.
        assertThat(dev.refusal(url)).isPresent();
        assertThat(production.refusal(url)).isPresent();
    }

    @Test
    void aHostThatDoesNotResolveIsAllowedWithANoteNotRefused() {
        // .invalid never resolves (RFC 6761); a brief DNS failure looks the same to us.
        CallbackUrlGuard.Verdict verdict = production.verdict("https://hooks.example.invalid/in");
        assertThat(verdict.refusal()).isEmpty();
        assertThat(verdict.note()).hasValueSatisfying(note -> assertThat(note).contains("hooks.example.invalid").contains("does not resolve"));
        assertThat(production.requireAllowed("https://hooks.example.invalid/in", "configuration.event.notification.callback.url"))
                .isEqualTo(verdict.note());
    }

    @Test
    void aHostThatResolvesToARefusedAddressIsStillRefused() {
        // localhost resolves from the hosts file, with or without DNS.
        assertThat(production.verdict("http://localhost:8070/inbox").refusal())
                .hasValueSatisfying(why -> assertThat(why).contains("loopback"));
        assertThat(dev.verdict("http://169.254.169.254/latest").refusal()).isPresent();
        assertThat(production.verdict("https://93.184.215.14/hook")).isEqualTo(new CallbackUrlGuard.Verdict(Optional.empty(), Optional.empty()));
    }
}
