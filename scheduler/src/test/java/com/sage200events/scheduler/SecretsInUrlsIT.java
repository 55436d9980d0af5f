package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.configuration;
import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16, "Secrets inside URLs", and its review: a URL is shown and logged, so a callback URL (or
 * {@code oauth.callback.url}) with user-info, a fragment, or a secret-named query or path parameter is refused with a
 * 400 naming the field and saying what to use instead, and the secret it carried appears in no response and no log line.
 */
class SecretsInUrlsIT {

    private static final String PASSWORD = "S3cr3t-in-url";
    private static final List<JsonHttp.Response> responses = new ArrayList<>();
    private static CapturedLogs logs;
    private static SchedulerFixture fixture;
    private static Tenant tenant;
    private static String port;

    @BeforeAll
    static void start() {
        logs = CapturedLogs.start();
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("urls");
        port = Integer.toString(java.net.URI.create(fixture.url("/")).getPort());
    }

    @AfterAll
    static void stop() {
        fixture.close();
        logs.close();
        assertThat(responses).as("responses checked").hasSizeGreaterThan(10);
        for (JsonHttp.Response response : responses) {
            assertThat(response.body() + response.headers()).as("a response").doesNotContain(PASSWORD);
        }
        List<String> lines = logs.ourLines();
        assertThat(lines).as("the log capture works").isNotEmpty();
        for (String line : lines) {
            assertThat(line).as("a log line").doesNotContain(PASSWORD);
        }
    }

    @Test
    void theIssuesCallbackUrlWithUserInfoIsRefusedPointingToBasicAuth() {
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", "http://someuser:" + PASSWORD + "@127.0.0.1:" + port + "/hook");

        JsonHttp.Response response = keep(tenant.api().post(fixture.url("/instances"), body.toString()));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(error(response, "configuration.event.notification.callback.url"))
                .contains("user:password@").contains("event.notification.basic.username").doesNotContain(PASSWORD);
    }

    @Test
    void aPatchCannotPutCredentialsIntoTheCallbackUrlEither() {
        long id = fixture.create(tenant, seed()).get("id").asLong();
        String patch = "{\"configuration\": {\"event.notification.callback.url\": \"https://someuser:" + PASSWORD + "@example.com/hook\"}}";

        JsonHttp.Response response = keep(tenant.api().send("PATCH", fixture.url("/instances/" + id), patch));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(error(response, "configuration.event.notification.callback.url")).contains("event.notification.basic");
        JsonHttp.Response stored = keep(tenant.api().get(fixture.url("/instances/" + id)));
        assertThat(stored.json().at("/configuration/event.notification.callback.url").asText()).isEqualTo("http://localhost:8070/inbox");
    }

    @ParameterizedTest(name = "?{0}=…")
    @ValueSource(strings = {"token", "access_token", "secret", "api_key", "apiKey", "sig", "signature", "password", "X-Password",
            "credential", "credentials", "auth", "Authorization", "passwd", "pwd", "session", "X-Api-Key"})
    void aQueryParameterNamedLikeASecretIsRefusedNamingTheParameterNotItsValue(String parameter) {
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", "https://hooks.example.com/in?tenant=acme&" + parameter + "=" + PASSWORD);

        JsonHttp.Response response = keep(tenant.api().post(fixture.url("/instances"), body.toString()));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(error(response, "configuration.event.notification.callback.url")).contains("'" + parameter + "'");
    }

    @Test
    void aFragmentIsRefusedOnCreateAndPatchAndNeverShown() {
        // The review's input: a fragment is never sent to the receiver, so it can only be a secret on show.
        String url = "http://127.0.0.1:" + port + "/ok#access_token=" + PASSWORD;
        assertCreateRefused(url, "fragment", "never sent");
        assertPatchRefusedAndNothingStored(url, "fragment");
    }

    @Test
    void aSecretNamedPathParameterIsRefusedOnCreateAndPatchLikeAQueryParameter() {
        String url = "http://127.0.0.1:" + port + "/ok;token=" + PASSWORD;
        assertCreateRefused(url, "path parameter ';token='");
        assertPatchRefusedAndNothingStored(url, "';token='");
        assertPatchRefusedAndNothingStored("http://127.0.0.1:" + port + "/a;v=1/ok;jsessionid=" + PASSWORD, "';jsessionid='");
    }

    /** A create with {@code url} as the callback is a 400 on the callback field whose message holds {@code parts}. */
    private void assertCreateRefused(String url, String... parts) {
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", url);

        JsonHttp.Response created = keep(tenant.api().post(fixture.url("/instances"), body.toString()));

        assertThat(created.status()).as(created.body()).isEqualTo(400);
        assertThat(error(created, "configuration.event.notification.callback.url")).contains(parts);
    }

    @Test
    void theReviewersQueryParameterNamesAreRefusedOnPatchToo() {
        assertPatchRefusedAndNothingStored("http://127.0.0.1:" + port + "/ok?credential=" + PASSWORD, "'credential'");
        assertPatchRefusedAndNothingStored("http://127.0.0.1:" + port + "/ok?auth=" + PASSWORD, "'auth'");
    }

    @Test
    void theOauthCallbackUrlIsHeldToTheSameRule() {
        ObjectNode withUserInfo = seed();
        configuration(withUserInfo).put("oauth.callback.url", "https://someuser:" + PASSWORD + "@ui.example.com/cb");
        ObjectNode withToken = seed();
        configuration(withToken).put("oauth.callback.url", "https://ui.example.com/cb?token=" + PASSWORD);

        for (ObjectNode body : List.of(withUserInfo, withToken)) {
            JsonHttp.Response response = keep(tenant.api().post(fixture.url("/instances"), body.toString()));
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(error(response, "configuration.oauth.callback.url")).isNotBlank();
        }
        String url = fixture.url("/elements/sage200/oauth/url?apiKey=k&callbackUrl="
                + URLEncoder.encode("https://someuser:" + PASSWORD + "@ui.example.com/cb", StandardCharsets.UTF_8));
        JsonHttp.Response oauthUrl = keep(tenant.api().get(url));
        assertThat(oauthUrl.status()).as(oauthUrl.body()).isEqualTo(400);
        assertThat(error(oauthUrl, "callbackUrl")).contains("user:password@");
    }

    @Test
    void aUrlWithOrdinaryQueryAndPathParametersIsStillAccepted() {
        // keyword, design and author hold words that mark secrets (key, sig, auth) but are none themselves.
        ObjectNode body = seed();
        configuration(body).put("event.notification.callback.url", "http://127.0.0.1:" + port
                + "/hook;v=2?tenant=acme&source=sage&keyword=x&design=y&author=z");
        JsonHttp.Response response = keep(tenant.api().post(fixture.url("/instances"), body.toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** A PATCH to {@code url} is a 400 naming the callback field with {@code reason}; the stored URL is unchanged. */
    private static void assertPatchRefusedAndNothingStored(String url, String reason) {
        long id = fixture.create(tenant, seed()).get("id").asLong();
        JsonHttp.Response patched = keep(tenant.api().send("PATCH", fixture.url("/instances/" + id),
                "{\"configuration\": {\"event.notification.callback.url\": \"" + url + "\"}}"));

        assertThat(patched.status()).as(patched.body()).isEqualTo(400);
        assertThat(error(patched, "configuration.event.notification.callback.url")).contains(reason);
        JsonHttp.Response stored = keep(tenant.api().get(fixture.url("/instances/" + id)));
        assertThat(stored.json().at("/configuration/event.notification.callback.url").asText()).isEqualTo("http://localhost:8070/inbox");
    }

    private static JsonHttp.Response keep(JsonHttp.Response response) {
        responses.add(response);
        return response;
    }

    /** The message of the error naming {@code field}. */
    private static String error(JsonHttp.Response response, String field) {
        for (JsonNode e : response.json().get("errors")) {
            if (e.get("field").asText().equals(field)) {
                return e.get("message").asText();
            }
        }
        throw new AssertionError("no error names " + field + ": " + response.body());
    }
}
