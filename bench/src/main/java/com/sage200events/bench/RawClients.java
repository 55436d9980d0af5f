package com.sage200events.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.eclipse.jetty.client.util.BytesRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The candidate HTTP clients on their own, without the dispatcher: each posts the same bodies and headers to
 * the same URL with the same number of requests in flight, over keep-alive connections, and discards the
 * answer. What the README's client choice rests on.
 */
final class RawClients {

    /**
     * One client's run: posts, seconds, latency p50/p99 in milliseconds, posts that did not get a 2xx, and the CPU
     * this JVM spent per post in microseconds (all threads; the receiver and the broker run apart).
     */
    record Result(String client, long count, double seconds, double p50Ms, double p99Ms, long failed, double cpuMicrosPerPost) {
        double perSecond() {
            return count / seconds;
        }
    }

    /** How long a run waits for a free slot or for its last requests before it calls the client stuck. */
    private static final Duration STUCK = Duration.ofSeconds(60);

    /** Sends one body; completes with the status, 0 on failure. */
    interface Poster extends AutoCloseable {
        CompletableFuture<Integer> post(byte[] body);
    }

    private RawClients() {
    }

    static Result run(String name, Poster poster, List<byte[]> bodies, int concurrency) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        long[] latencies = new long[bodies.size()];
        AtomicLong failed = new AtomicLong();
        long cpuBefore = CpuMeter.processCpuNanos();
        long started = System.nanoTime();
        int sent = 0;
        for (int i = 0; i < bodies.size(); i++) {
            if (!slots.tryAcquire(STUCK.toSeconds(), TimeUnit.SECONDS)) {
                break; // every slot held by a request that never ends: the client is stuck, and the result says so
            }
            sent++;
            int index = i;
            long t0 = System.nanoTime();
            poster.post(bodies.get(i)).whenComplete((status, error) -> {
                latencies[index] = System.nanoTime() - t0;
                if (error != null || status < 200 || status > 299) {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        // Bounded: the JDK client has been seen here to stop answering altogether (its selector thread gone), which
        // hung the whole bench. What was not sent or has not ended by then counts as failed.
        if (!slots.tryAcquire(Math.min(sent, concurrency), STUCK.toSeconds(), TimeUnit.SECONDS)) {
            failed.addAndGet(Math.min(sent, concurrency) - slots.availablePermits());
        }
        failed.addAndGet(bodies.size() - sent);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (CpuMeter.processCpuNanos() - cpuBefore) / 1e3 / bodies.size();
        Arrays.sort(latencies);
        return new Result(name, bodies.size(), seconds, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6, failed.get(), cpuMicros);
    }

    /** The JDK's {@code java.net.http.HttpClient}, HTTP/1.1: what the dispatcher used before issue 12. */
    static Poster jdk(String url, Map<String, String> headers) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(url);
        return new Poster() {
            @Override
            public CompletableFuture<Integer> post(byte[] body) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(request::header);
                return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> e == null ? r.statusCode() : 0);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Jetty 11's asynchronous {@code HttpClient}, a pool of {@code connections}: what the dispatcher uses now. */
    static Poster jetty(String url, Map<String, String> headers, int connections) throws Exception {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        client.setMaxConnectionsPerDestination(connections);
        client.setFollowRedirects(false);
        client.start();
        return new Poster() {
            @Override
            public CompletableFuture<Integer> post(byte[] body) {
                CompletableFuture<Integer> status = new CompletableFuture<>();
                client.newRequest(url).method(HttpMethod.POST).timeout(15, TimeUnit.SECONDS)
                        .headers(fields -> headers.forEach(fields::put))
                        .body(new BytesRequestContent("application/json", body))
                        .send(result -> status.complete(result.isSucceeded() ? result.getResponse().getStatus() : 0));
                return status;
            }

            @Override
            public void close() throws Exception {
                client.stop();
            }
        };
    }

    /** Apache HttpClient 5's asynchronous client (one I/O reactor thread per core), a pool of {@code connections}. */
    static Poster apache(String url, Map<String, String> headers, int connections) {
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(connections).setMaxConnTotal(connections).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Runtime.getRuntime().availableProcessors()).build())
                .disableRedirectHandling().disableAutomaticRetries().build();
        client.start();
        return new Poster() {
            @Override
            public CompletableFuture<Integer> post(byte[] body) {
                CompletableFuture<Integer> status = new CompletableFuture<>();
                SimpleRequestBuilder builder = SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_JSON);
                headers.forEach((name, value) -> {
                    if (!name.equalsIgnoreCase("Content-Type")) {
                        builder.addHeader(name, value);
                    }
                });
                SimpleHttpRequest request = builder.build();
                client.execute(request, new FutureCallback<SimpleHttpResponse>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        status.complete(response.getCode());
                    }

                    @Override
                    public void failed(Exception e) {
                        status.complete(0);
                    }

                    @Override
                    public void cancelled() {
                        status.complete(0);
                    }
                });
                return status;
            }

            @Override
            public void close() throws Exception {
                client.close();
            }
        };
    }
}
