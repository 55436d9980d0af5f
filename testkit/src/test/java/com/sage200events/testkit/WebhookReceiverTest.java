package com.sage200events.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void answersPlannedStatusesInOrderThenOk() throws Exception {
        receiver.respondWith(503, 500);

        List<Integer> statuses = List.of(post("/hooks/a", "{}"), post("/hooks/a", "{}"), post("/hooks/a", "{}"));

        assertThat(statuses).containsExactly(503, 500, 200);
        assertThat(receiver.requests("/hooks/a")).extracting(ReceivedRequest::status).containsExactly(503, 500, 200);
    }

    @Test
    void recordsPathBodyAndHeadersWhateverTheirCase() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(receiver.url("/hooks/b")))
                .header("X-Sage-Signature", "sha256=abc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":7}")).build(), HttpResponse.BodyHandlers.discarding());

        ReceivedRequest request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/hooks/b");
        assertThat(request.body()).isEqualTo("{\"id\":7}");
        assertThat(request.header("x-sage-signature")).isEqualTo("sha256=abc");
        assertThat(request.header("X-SAGE-SIGNATURE")).isEqualTo("sha256=abc");
        assertThat(receiver.requests("/hooks/other")).isEmpty();
    }

    @Test
    void aHangingReplyOutlastsTheSendersTimeoutButTheRequestIsStillRecorded() {
        receiver.hangFor(Duration.ofSeconds(5));

        HttpRequest impatient = HttpRequest.newBuilder(URI.create(receiver.url("/slow")))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(receiver.requests("/slow")).hasSize(1);
    }

    @Test
    void aPlannedDelayAppliesToThatReplyOnly() throws Exception {
        receiver.respondWith(Duration.ofMillis(400), 502);

        long started = System.nanoTime();
        assertThat(post("/d", "{}")).isEqualTo(502);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(post("/d", "{}")).isEqualTo(200);
    }

    @Test
    void getOnAnInboxListsItsBodiesAsJson() throws Exception {
        post("/inbox/acme", "{\"event\":\"created\"}");
        post("/inbox/acme", "not json");
        post("/inbox/other", "{\"event\":\"elsewhere\"}");

        HttpResponse<String> inbox = http.send(HttpRequest.newBuilder(URI.create(receiver.url("/inbox/acme"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(inbox.body().replaceAll("\\s", "")).isEqualTo("[{\"event\":\"created\"},\"notjson\"]");
    }

    @Test
    void clearForgetsRequestsAndThePlan() throws Exception {
        receiver.respondWith(500, 500);
        post("/c", "{}");

        receiver.clear();

        assertThat(receiver.requests()).isEmpty();
        assertThat(post("/c", "{}")).isEqualTo(200);
    }

    @Test
    void closeDoesNotWaitOutAHangingReply() {
        receiver.hangFor(Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url("/h"))).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.requests("/h").size() == 1);

        long started = System.nanoTime();
        receiver.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
