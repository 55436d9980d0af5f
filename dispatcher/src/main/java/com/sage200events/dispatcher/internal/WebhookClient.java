package com.sage200events.dispatcher.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** One POST to a callback URL. Redirects are not followed: only a 2xx from the URL itself is success. */
final class WebhookClient {

    private final HttpClient http;
    private final Duration requestTimeout;

    WebhookClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
    }

    Attempt post(String url, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(requestTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Attempt(response.statusCode(), null, Duration.ofNanos(System.nanoTime() - started));
        } catch (HttpTimeoutException e) {
            return new Attempt(0, "timed out after " + requestTimeout, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException | IllegalArgumentException e) {
            return new Attempt(0, e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(0, "interrupted", Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** The outcome of one attempt; {@code status} 0 means no HTTP answer ({@code error} says why). */
    record Attempt(int status, String error, Duration latency) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}
