package com.sage200events.dispatcher.internal;

import com.sage200events.dispatcher.DispatcherConfig;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BytesRequestContent;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.HttpCookieStore;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * POSTs to callback URLs with Jetty's asynchronous {@link HttpClient} (README, "Dependencies and why": the
 * fastest client measured here, and already on the classpath through Javalin). Per endpoint (scheme, host,
 * port; Jetty's "destination") a keep-alive pool of at most {@code maxInFlight} connections, the same bound the
 * {@link EndpointGate} puts on requests. Connections go only to addresses the SSRF guard accepted at connect
 * time ({@link GuardedAddressResolver}). Redirects are not followed (only a 2xx from the URL itself is success) and cookies are neither kept nor sent
 * (DESIGN.md §6).
 *
 * <p>Every attempt has an end: the answer's headers must come within {@code requestTimeout}, and the whole
 * exchange (connect, send, headers and the last byte of the body) must end within {@code attemptDeadline}; a
 * receiver that sends its headers and then stalls or drips its body fails the attempt there (issue 17). The
 * answer's body is read and discarded, never buffered.
 */
final class WebhookClient implements AutoCloseable {

    /** How long an unused keep-alive connection stays open. */
    static final Duration IDLE_CONNECTION = Duration.ofSeconds(30);

    private static final Map<String, Optional<HttpHeader>> HEADER_NAMES = new ConcurrentHashMap<>();

    private final HttpClient http;
    private final Scheduler scheduler;
    private final Duration requestTimeout;
    private final Duration attemptDeadline;
    private final Clock clock;

    WebhookClient(DispatcherConfig config, Clock clock) {
        this.requestTimeout = config.requestTimeout();
        this.attemptDeadline = config.attemptDeadline();
        this.clock = clock;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("delivery-http");
        threads.setDaemon(true);
        this.scheduler = new ScheduledExecutorScheduler("delivery-http-timer", true);
        this.http = new HttpClient();
        http.setExecutor(threads);
        http.setScheduler(scheduler);
        http.setConnectTimeout(config.connectTimeout().toMillis());
        http.setIdleTimeout(IDLE_CONNECTION.toMillis());
        http.setFollowRedirects(false);
        // No cookies: a receiver's Set-Cookie must not come back on another instance's deliveries to the same host
        // (one shared client posts for every instance), and the store's look-up cost a URI parse per request.
        http.setCookieStore(new HttpCookieStore.Empty());
        http.setMaxConnectionsPerDestination(config.endpoints().maxInFlight());
        // The gate already bounds what one endpoint has outstanding; this only has to never refuse what it let through.
        http.setMaxRequestsQueuedPerDestination(config.endpoints().maxInFlight() * 4);
        http.setRemoveIdleDestinations(true);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "sage200-events"));
        http.setSocketAddressResolver(new GuardedAddressResolver(config.guard(),
                new SocketAddressResolver.Async(threads, scheduler, config.connectTimeout().toMillis())));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the delivery HTTP client", e);
        }
    }

    /** Never completes exceptionally: every failure is an {@link Answer} with status 0 and an error. */
    CompletableFuture<Answer> post(URI url, Map<String, String> headers, byte[] body) {
        long started = System.nanoTime();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Request request;
        try {
            request = http.newRequest(url).method(HttpMethod.POST)
                    .timeout(attemptDeadline.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(fields -> headers.forEach((name, value) -> fields.add(field(name, value))))
                    .body(new BytesRequestContent(headers.getOrDefault("Content-Type", "application/json"), body));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(0, "invalid request: " + e.getMessage(), Duration.ZERO, null, null));
        }
        Scheduler.Task headersDue = scheduler.schedule(() -> request.abort(new HeadersTimeout(requestTimeout)),
                requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        request.onResponseHeaders(response -> headersDue.cancel());
        request.send(result -> {
            headersDue.cancel();
            answer.complete(answer(result, Duration.ofNanos(System.nanoTime() - started)));
        });
        return answer;
    }

    /**
     * A header field with its standard name resolved once per name, not once per request: Jetty's own
     * {@code put(String, String)} looks the name up and scans the request's fields for it, which showed in the
     * profile at thousands of requests a second. Our names are distinct, so adding is enough.
     */
    private static HttpField field(String name, String value) {
        return new HttpField(HEADER_NAMES.computeIfAbsent(name, n -> Optional.ofNullable(HttpHeader.CACHE.get(n))).orElse(null), name, value);
    }

    private Answer answer(Result result, Duration latency) {
        Response response = result.getResponse();
        if (result.isSucceeded()) {
            return new Answer(response.getStatus(), null, latency,
                    RetryAfter.parse(response.getHeaders().get(HttpHeader.RETRY_AFTER), clock.instant()), null);
        }
        Throwable failure = result.getFailure();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedAddressResolver.RefusedAddressException) {
                return new Answer(0, cause.getMessage(), latency, null, cause.getMessage());
            }
        }
        return new Answer(0, describe(failure, response.getStatus()), latency, null, null);
    }

    private String describe(Throwable e, int statusOfHeaders) {
        if (e instanceof HeadersTimeout) {
            return e.getMessage();
        }
        if (e instanceof TimeoutException) {
            return statusOfHeaders > 0
                    ? "deadline of " + attemptDeadline.toMillis() + " ms passed after HTTP " + statusOfHeaders + " headers; body incomplete"
                    : "deadline of " + attemptDeadline.toMillis() + " ms passed";
        }
        if (e instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "host does not resolve: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Closes every pooled connection and the client's threads. */
    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the delivery HTTP client", e);
        }
    }

    /** No response headers within {@code requestTimeout}. */
    private static final class HeadersTimeout extends TimeoutException {
        HeadersTimeout(Duration timeout) {
            super("no response headers within " + timeout.toMillis() + " ms");
        }
    }

    /**
     * The outcome of one request.
     *
     * @param status     the HTTP status, 0 when no complete answer came ({@code error} says why)
     * @param retryAfter what a {@code Retry-After} header asked for, or null
     * @param refusal    why the SSRF guard refused the address the callback's host resolved to, or null
     */
    record Answer(int status, String error, Duration latency, Duration retryAfter, String refusal) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }
}
