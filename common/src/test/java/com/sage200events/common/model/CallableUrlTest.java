package com.sage200events.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** URLs our HTTP client cannot call are refused with a reason that says what to fix and never quotes the URL. */
class CallableUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the reviewer's inputs: Jetty throws "port out of range" on every attempt, or connects nowhere
            "http://127.0.0.1:99999/ok      | port from 1 to 65535, not 99999",
            "http://127.0.0.1:0/ok          | port from 1 to 65535, not 0",
            "https://hooks.example.com:65536/x | port from 1 to 65535",
            // URI reads no host (getHost() is null), so Jetty throws "Invalid URI host"
            "http:///x                      | must name a host",
            "http://:8080/x                 | must name a host",
            "http://127.0.0.1:2147483648/x  | must name a host",
            "http://under_score.example.com/x | must name a host",
            "http://bücher.example/x        | xn--",
            "http:hooks.example.com         | must name a host",
            "http://[::1/x                  | not a valid URL: expected closing bracket",
            "http://[fe80::1%25eth0]:80/x   | IPv6 zone",
            "http://[fe80::1%eth0]/x        | IPv6 zone",
            // numeric forms that tools read as different addresses
            "http://2130706433/x            | four decimal numbers",
            "http://0177.0.0.1/x            | four decimal numbers",
            "ftp://hooks.example.com/x      | http(s)",
            "hooks.example.com/x            | http(s)",
            "mailto:ops@example.com         | http(s)"})
    void aUrlTheClientCannotCallIsRefusedSayingWhy(String url, String reason) {
        assertThat(CallableUrl.refusal(url)).hasValueSatisfying(why -> assertThat(why).containsIgnoringCase(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {" http://hooks.example.com/x", "http://hooks.example.com/x ", "http://hooks.example.com/a b",
            "http://hooks.example.com/x\t", "http://hooks.example.com/x\n", "http://hooks.\u0000example.com/x"})
    void whitespaceAndControlCharactersAreRefused(String url) {
        assertThat(CallableUrl.refusal(url)).hasValueSatisfying(why -> assertThat(why).contains("spaces"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://console.cloud-elements.com", "http://localhost:8070/inbox", "http://127.0.0.1:1/x",
            "http://127.0.0.1:65535/x", "HTTPS://Hooks.Example.com/In?tenant=acme", "http://[::1]:8080/x",
            "http://[2001:db8::1]/x", "http://[::ffff:10.0.0.1]/x", "http://xn--bcher-kva.example/x", "http://10.0.0.255/x",
            "http://hooks.example.com:/x", "http://hooks.example.com/ok;v=2"})
    void aUrlTheClientCanCallPasses(String url) {
        assertThat(CallableUrl.refusal(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:99999/ok?pw=S3cr3t", "http://[::1/S3cr3t", "http://h/S3cr3t x"})
    void aReasonNeverQuotesTheUrl(String url) {
        assertThat(CallableUrl.refusal(url)).hasValueSatisfying(why -> assertThat(why).doesNotContain("S3cr3t"));
    }
}
