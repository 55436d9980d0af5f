package com.sage200events.dispatcher.internal;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * POSTs to callback URLs without holding a thread per request (the JDK client is asynchronous). Redirects
 * are not followed: only a 2xx from the URL itself is success (DESIGN.md §6).
 */
final class WebhookClient {

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;

    WebhookClient(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** Never completes exceptionally: every failure is an {@link Answer} with status 0 and an error. */
    CompletableFuture<Answer> post(URI url, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if ("http".equalsIgnoreCase(url.getScheme())) {
            // Plain http: skip the JDK's h2c upgrade offer, which many webhook receivers mishandle.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(request::header);
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        Duration latency = Duration.ofNanos(System.nanoTime() - started);
                        if (error != null) {
                            return new Answer(0, describe(error), latency, null);
                        }
                        return new Answer(response.statusCode(), null, latency,
                                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
                    });
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(0, "invalid request: " + e.getMessage(), Duration.ZERO, null));
        }
    }

    private String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out after " + requestTimeout.toMillis() + " ms";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The outcome of one request.
     *
     * @param status     the HTTP status, 0 when no answer came ({@code error} says why)
     * @param retryAfter what a {@code Retry-After} header asked for, or null
     */
    record Answer(int status, String error, Duration latency, Duration retryAfter) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}
