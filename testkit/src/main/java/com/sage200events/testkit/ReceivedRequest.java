package com.sage200events.testkit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One POST a {@link WebhookReceiver} received.
 *
 * @param path       the request path, without query string
 * @param headers    header values by name; lookups ignore case, as HTTP does
 * @param body       the body decoded as UTF-8
 * @param receivedAt when the request arrived, before any planned delay
 * @param status     the status the receiver answered (or will answer, while a delay runs)
 */
public record ReceivedRequest(String path, Map<String, List<String>> headers, String body, Instant receivedAt, int status) {

    public ReceivedRequest {
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.merge(name, List.copyOf(values),
                (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
        headers = Collections.unmodifiableMap(caseInsensitive);
    }

    /** The first value of a header, any case, or {@code null} when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
