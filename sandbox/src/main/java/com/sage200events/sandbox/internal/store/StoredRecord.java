package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.SageJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One immutable version of a record: typed values (Long, Integer, BigDecimal, String, Boolean,
 * Instant, nested maps and lists) plus its JSON, rendered once at write time so list pages are
 * served by concatenating bytes.
 */
public final class StoredRecord {

    public static final String ID = "id";
    public static final String CREATED = "date_time_created";
    public static final String UPDATED = "date_time_updated";

    /** Most decimals of a fresh record are zero: one shared instance per scale instead of one per field. */
    private static final Map<Integer, BigDecimal> ZEROS = new ConcurrentHashMap<>();

    private final long id;
    private final Map<String, Object> values;
    private final byte[] json;

    private StoredRecord(long id, Map<String, Object> values) {
        this.id = id;
        this.values = values;
        this.json = SageJson.bytes(values);
    }

    /** Freezes a deep copy of {@code values}; the caller may keep mutating its own map. */
    static StoredRecord of(long id, Map<String, Object> values) {
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(values);
        return new StoredRecord(id, frozen);
    }

    public long id() {
        return id;
    }

    public Map<String, Object> values() {
        return values;
    }

    /** {@code date_time_updated}; null only when the admin API wrote a null there. */
    public Instant updated() {
        return (Instant) values.get(UPDATED);
    }

    public Instant created() {
        return (Instant) values.get(CREATED);
    }

    /** Where this version sits in the {@code (date_time_updated, id)} index. */
    StampKey stampKey() {
        return new StampKey(updated(), id);
    }

    /** The record's JSON. Shared, do not modify. */
    public byte[] json() {
        return json;
    }

    /** A deep mutable copy of the values, the starting point of an update. */
    Map<String, Object> mutableValues() {
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) thaw(values);
        return copy;
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            return FrozenMap.copyOf(map, StoredRecord::freeze);
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                return List.of();
            }
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof BigDecimal decimal && decimal.signum() == 0) {
            return ZEROS.computeIfAbsent(decimal.scale(), scale -> decimal);
        }
        return value;
    }

    static Object thaw(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
            map.forEach((k, v) -> copy.put((String) k, thaw(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(thaw(v)));
            return copy;
        }
        return value;
    }
}
