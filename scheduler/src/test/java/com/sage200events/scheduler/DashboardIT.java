package com.sage200events.scheduler;

import static com.sage200events.scheduler.SchedulerFixture.seed;
import static org.assertj.core.api.Assertions.assertThat;

import com.sage200events.scheduler.SchedulerFixture.Tenant;
import com.sage200events.testkit.JsonHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's forms over plain HTTP (the browser walk-through is the launcher's {@code DashboardBrowserIT}): what
 * they refuse, they refuse with the API's status for the same request.
 */
class DashboardIT {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static SchedulerFixture fixture;
    private static Tenant tenant;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        fixture = new SchedulerFixture();
        tenant = fixture.newTenant("dashboard");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void redeliveringAnUnknownNotificationIsNotFoundOnThePageAsInTheApi() throws Exception {
        long id = fixture.create(tenant, seed()).get("id").asLong();
        String cookie = signIn();
        String csrf = csrfToken(cookie, id);

        HttpResponse<String> page = post("/ui/instances/" + id + "/notifications/msg_nope/redeliver", cookie, "csrf=" + encode(csrf));
        JsonHttp.Response api = tenant.api().post(fixture.url("/instances/" + id + "/events/msg_nope/redeliver"), "");

        assertThat(api.status()).isEqualTo(404);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("msg_nope").contains("not found");
    }

    private String signIn() throws IOException, InterruptedException {
        HttpResponse<String> signedIn = post("/ui/login", null,
                "user=" + encode(tenant.userSecret()) + "&organization=" + encode(tenant.organizationSecret()));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
        return signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private String csrfToken(String cookie, long instanceId) throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(fixture.url("/ui/instances/" + instanceId)))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("a CSRF token on the instance page").isTrue();
        return token.group(1);
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
