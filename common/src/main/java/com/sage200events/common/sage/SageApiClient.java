package com.sage200events.common.sage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sage200events.common.json.Json;
import com.sage200events.common.json.RawJson;
import com.sage200events.common.json.SourcedArrays;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads lists from the Sage 200 API. Maps every way a call can fail to a {@link SageCallException} kind and
 * accepts both list shapes Sage produces: a bare array and the {@code {"value":[...]}} OData wrapper.
 */
final class SageApiClient {

    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final HttpClient http;
    private final String apiBaseUrl;
    private final Duration timeout;

    SageApiClient(HttpClient http, String apiBaseUrl, Duration timeout) {
        this.http = http;
        this.apiBaseUrl = apiBaseUrl;
        this.timeout = timeout;
    }

    /** {@code GET /sites}: needs no X-Site/X-Company. */
    List<JsonNode> sites(String accessToken, String subscriptionKey) throws SageCallException {
        return list(send(request("/sites", Map.of(), accessToken, subscriptionKey, null))).records();
    }

    /** One page of a list endpoint with OData query options (unencoded; this method encodes them), with Sage's {@code Date}. */
    SagePage page(String path, Map<String, String> query, String accessToken, String subscriptionKey, SageSite site)
            throws SageCallException {
        HttpResponse<byte[]> response = send(request(path, query, accessToken, subscriptionKey, site));
        ParsedList list = list(response);
        return new SagePage(list.records(), sageDate(response), list.sources());
    }

    private HttpRequest request(String path, Map<String, String> query, String accessToken, String subscriptionKey,
                                SageSite site) {
        String queryString = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiBaseUrl + path + (queryString.isEmpty() ? "" : "?" + queryString)))
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .header("ocp-apim-subscription-key", subscriptionKey)
                .header("Accept", "application/json")
                .GET();
        if (site != null) {
            builder.header("X-Site", site.siteId()).header("X-Company", Long.toString(site.companyId()));
        }
        return builder.build();
    }

    private static ParsedList list(HttpResponse<byte[]> response) throws SageCallException {
        HttpRequest request = response.request();
        int status = response.statusCode();
        if (status == 401) {
            throw new SageCallException(SageCallException.Kind.UNAUTHORIZED, "Sage answered 401 for " + request.uri().getPath());
        }
        if (status == 429) {
            throw new SageCallException(SageCallException.Kind.THROTTLED, "Sage throttled the request (429)",
                    retryAfter(response).orElse(null), null);
        }
        if (status >= 500) {
            throw new SageCallException(status == 504 ? SageCallException.Kind.TIMEOUT : SageCallException.Kind.UNAVAILABLE,
                    "Sage answered " + status + " for " + request.uri().getPath(), retryAfter(response).orElse(null), null);
        }
        if (status / 100 != 2) {
            throw new SageCallException(SageCallException.Kind.REJECTED,
                    "Sage refused " + request.uri().getPath() + " with " + status + ": " + abbreviate(text(response.body())));
        }
        return parseList(response.body());
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws SageCallException {
        try {
            // Bytes, not a String: Jackson's UTF-8 parser is markedly faster than its Reader path.
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new SageCallException(SageCallException.Kind.TIMEOUT, "Sage did not answer within " + timeout, null, e);
        } catch (IOException e) {
            throw new SageCallException(SageCallException.Kind.UNAVAILABLE, "cannot reach Sage: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SageCallException(SageCallException.Kind.UNAVAILABLE, "interrupted while calling Sage", null, e);
        }
    }

    /** A list body read: its records, and their texts index for index (empty when not known). */
    record ParsedList(List<JsonNode> records, List<RawJson> sources) {
    }

    static ParsedList parseList(byte[] body) throws SageCallException {
        // Sage's own shape, a bare array, is read item by item so each record keeps its bytes: the worker then
        // publishes them as they came instead of serializing every tree again (issue 12).
        Optional<List<SourcedArrays.Item>> sourced;
        try {
            sourced = SourcedArrays.read(body);
        } catch (IOException e) {
            throw notJson(body, e);
        }
        if (sourced.isPresent()) {
            List<JsonNode> items = new ArrayList<>(sourced.get().size());
            List<RawJson> sources = new ArrayList<>(sourced.get().size());
            for (SourcedArrays.Item item : sourced.get()) {
                requireObject(item.tree());
                items.add(item.tree());
                sources.add(item.source());
            }
            return new ParsedList(items, sources);
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw notJson(body, e);
        }
        // Both shapes occur in the wild: a bare array, and the OData {"value": [...]} wrapper.
        JsonNode array = json != null && json.isObject() && json.get("value") != null ? json.get("value") : json;
        if (array == null || !array.isArray()) {
            throw new SageCallException(SageCallException.Kind.MALFORMED, "Sage answered JSON that is not a list");
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        for (JsonNode item : (ArrayNode) array) {
            requireObject(item);
            items.add(item);
        }
        return new ParsedList(items, List.of());
    }

    private static void requireObject(JsonNode item) throws SageCallException {
        if (item == null || !item.isObject()) {
            throw new SageCallException(SageCallException.Kind.MALFORMED, "Sage answered a list item that is not an object");
        }
    }

    private static SageCallException notJson(byte[] body, IOException e) {
        return new SageCallException(SageCallException.Kind.MALFORMED,
                "Sage answered a body that is not JSON (" + abbreviate(text(body)) + ")", null, e);
    }

    /** Sage's clock when it answered; a missing or unreadable header tells nothing. */
    private static Optional<Instant> sageDate(HttpResponse<?> response) {
        return response.headers().firstValue("Date").flatMap(value -> {
            try {
                return Optional.of(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim(), Instant::from));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(value.trim()));
                return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static String text(byte[] body) {
        return new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }
}
