package com.sage200events.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small JSON-over-HTTP client for tests that drive our APIs and the sandbox like a user would. */
public final class JsonHttp {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final Map<String, String> headers;

    private JsonHttp(HttpClient http, Map<String, String> headers) {
        this.http = http;
        this.headers = headers;
    }

    /** A client that sends {@code headers} with every request and does not follow redirects. */
    public static JsonHttp withHeaders(Map<String, String> headers) {
        return new JsonHttp(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build(), Map.copyOf(headers));
    }

    public Response get(String url) {
        return send(request(url).GET());
    }

    public Response post(String url, String body) {
        return send(request(url).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String url) {
        return send(request(url).DELETE());
    }

    /** Any method, with a JSON body (PATCH, PUT, …); an empty body is sent as none. */
    public Response send(String method, String url, String body) {
        HttpRequest.BodyPublisher publisher = body == null || body.isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return send(request(url).header("Content-Type", "application/json").method(method, publisher));
    }

    /** GET following redirects, the way {@code curl -L} completes an OAuth authorize URL. */
    public static Response follow(String url) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return new JsonHttp(client, Map.of()).get(url);
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A status, the headers and a body, parsed as JSON on demand. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        public Response {
            TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
            headers = Collections.unmodifiableMap(caseInsensitive);
        }

        public Response(int status, String body) {
            this(status, body, Map.of());
        }

        /** The first value of a header, any case, or {@code null} when absent. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
            }
        }
    }
}
