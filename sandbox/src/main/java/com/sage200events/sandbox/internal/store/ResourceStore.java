package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The records of one resource, in id order. Thread-safe: records are immutable versions swapped
 * under a write lock; readers take a snapshot under the read lock.
 */
public final class ResourceStore {

    /** Ids start here, so they look like Sage's (never 0 or 1) and cannot be confused with counts. */
    static final long FIRST_ID = 1_001;

    private final ResourceSchema schema;
    private final Set<Operation> operations;
    private final RecordFactory factory;
    // Never reset, not even by a reset of the data: a test re-creating records after a reset must not
    // see an id it saw before, or its deterministic event ids would collide with the previous run's.
    private final AtomicLong ids = new AtomicLong(FIRST_ID);
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<Long, StoredRecord> records = new TreeMap<>();

    ResourceStore(ResourceSchema schema, Set<Operation> operations) {
        this.schema = schema;
        this.operations = operations.isEmpty() ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(operations);
        this.factory = new RecordFactory(schema);
    }

    public ResourceSchema schema() {
        return schema;
    }

    public String resource() {
        return schema.resource();
    }

    /** Whether Sage's API offers the operation on this resource; the admin API may do everything. */
    public boolean allows(Operation operation) {
        return operations.contains(operation);
    }

    /**
     * @param now the write time on Sage's clock, already cut to milliseconds
     * @throws ApiError 400 when the body does not fit the schema
     */
    public StoredRecord create(Map<String, Object> input, WriteMode mode, Instant now, Instant today) {
        if (mode == WriteMode.SAGE) {
            factory.checkRequired(input);
        }
        lock.writeLock().lock();
        try {
            long id = ids.getAndIncrement();
            Map<String, Object> values = factory.fresh(id, now, today);
            factory.apply(values, input, mode, now);
            StoredRecord record = StoredRecord.of(id, values);
            records.put(id, record);
            return record;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Applies a partial update and sets {@code date_time_updated} to {@code now} (unless the admin API
     * names a stamp itself).
     *
     * @throws ApiError 404 when no record has the id, 400 when the body does not fit the schema
     */
    public StoredRecord update(long id, Map<String, Object> input, WriteMode mode, Instant now) {
        lock.writeLock().lock();
        try {
            StoredRecord current = records.get(id);
            if (current == null) {
                throw notFound(id);
            }
            Map<String, Object> values = current.mutableValues();
            factory.apply(values, input, mode, now);
            if (mode == WriteMode.SAGE || !input.containsKey(StoredRecord.UPDATED)) {
                values.put(StoredRecord.UPDATED, now);
            }
            StoredRecord record = StoredRecord.of(id, values);
            records.put(id, record);
            return record;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Optional<StoredRecord> find(long id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(records.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every record, in id order, as of now. */
    public List<StoredRecord> snapshot() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(records.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            records.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public ApiError notFound(long id) {
        return ApiError.notFound("No " + schema.typeName() + " found with id " + id + ".");
    }
}
