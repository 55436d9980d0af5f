package com.sage200events.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The routing headers every record of ours carries (docs/TOPICS.md): enough for a consumer to filter without
 * parsing the value. One place builds them, so poll tasks, events and parked records name them alike.
 */
public final class RoutingHeaders {

    private final List<Header> headers = new ArrayList<>();

    private RoutingHeaders() {
    }

    /** {@code instance-id}, {@code object-type}, {@code schema-version} and {@code content-type: application/json}. */
    public static RoutingHeaders of(long instanceId, String objectType, int schemaVersion) {
        return new RoutingHeaders()
                .with("instance-id", Long.toString(instanceId))
                .with("object-type", objectType)
                .with("schema-version", Integer.toString(schemaVersion))
                .with("content-type", "application/json");
    }

    /** One more header, UTF-8. */
    public RoutingHeaders with(String name, String value) {
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** A record of {@code value} under {@code key} to {@code topic}, carrying these headers. */
    public ProducerRecord<String, byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, null, key, value, headers);
    }
}
