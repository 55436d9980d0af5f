package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.odata.ODataQuery;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;

/**
 * The records of one resource, indexed by id and by {@code (date_time_updated, id)}. Thread-safe:
 * records are immutable versions swapped under a write lock; readers work under the read lock, so a
 * page never sees half of an update (one record twice, or not at all).
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
    private final TreeMap<Long, StoredRecord> byId = new TreeMap<>();
    private final TreeMap<StampKey, StoredRecord> byStamp = new TreeMap<>();
    /** The last version of each deleted record, so a test can bring an id back ({@link #restore}). */
    private final Map<Long, StoredRecord> deleted = new HashMap<>();
    private final ChangeLog changeLog;

    ResourceStore(ResourceSchema schema, Set<Operation> operations) {
        this(schema, operations, ChangeLog.none());
    }

    ResourceStore(ResourceSchema schema, Set<Operation> operations, ChangeLog changeLog) {
        this.changeLog = changeLog;
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
        // Ids come from an atomic counter, so the record (defaults, conversion, JSON) is built outside the lock.
        long id = ids.getAndIncrement();
        Map<String, Object> values = factory.fresh(id, now, today);
        factory.apply(values, input, mode, now);
        StoredRecord record = StoredRecord.of(id, values);
        lock.writeLock().lock();
        try {
            put(record);
            return record;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Creates {@code count} records in one go (admin rules), the i-th from {@code inputs.apply(i)} and
     * stamped {@code stamps.apply(i)}: how a test or benchmark seeds thousands of records quickly.
     *
     * @return the new records, in id order
     */
    public List<StoredRecord> createAll(int count, IntFunction<Map<String, Object>> inputs, IntFunction<Instant> stamps,
                                        Instant today) {
        List<StoredRecord> created = new ArrayList<>(count);
        long first = ids.getAndAdd(count);
        for (int i = 0; i < count; i++) {
            Instant stamp = stamps.apply(i);
            Map<String, Object> values = factory.fresh(first + i, stamp, today);
            factory.apply(values, inputs.apply(i), WriteMode.ADMIN, stamp);
            created.add(StoredRecord.of(first + i, values));
        }
        lock.writeLock().lock();
        try {
            created.forEach(this::put);
        } finally {
            lock.writeLock().unlock();
        }
        return created;
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
            StoredRecord current = byId.get(id);
            if (current == null) {
                throw notFound(id);
            }
            Map<String, Object> values = current.mutableValues();
            factory.apply(values, input, mode, now);
            if (mode == WriteMode.SAGE || !input.containsKey(StoredRecord.UPDATED)) {
                values.put(StoredRecord.UPDATED, now);
            }
            StoredRecord record = StoredRecord.of(id, values);
            byStamp.remove(current.stampKey());
            put(record);
            return record;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** @throws ApiError 404 when no record has the id */
    public StoredRecord delete(long id) {
        lock.writeLock().lock();
        try {
            StoredRecord removed = byId.remove(id);
            if (removed == null) {
                throw notFound(id);
            }
            byStamp.remove(removed.stampKey());
            deleted.put(id, removed);
            return removed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Brings a deleted record back under its old id, stamped {@code now} (its {@code date_time_created} unchanged), as
     * a restore from a backup or an undone delete does in Sage: the id reappears.
     *
     * @throws ApiError 404 when no deleted record had the id, 409 when the id exists
     */
    public StoredRecord restore(long id, Instant now) {
        lock.writeLock().lock();
        try {
            if (byId.containsKey(id)) {
                throw ApiError.conflict("The " + schema.typeName() + " with id " + id + " exists; only a deleted one can be restored.");
            }
            StoredRecord gone = deleted.remove(id);
            if (gone == null) {
                throw ApiError.notFound("No deleted " + schema.typeName() + " with id " + id + ".");
            }
            Map<String, Object> values = gone.mutableValues();
            values.put(StoredRecord.UPDATED, now);
            StoredRecord record = StoredRecord.of(id, values);
            put(record);
            return record;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public Optional<StoredRecord> find(long id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(byId.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One page of a list request, read from an index where the order allows (see {@link PageReader}). */
    public List<StoredRecord> list(ODataQuery query) {
        lock.readLock().lock();
        try {
            return PageReader.read(query, byId, byStamp);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@link #list}, also reporting how many records it looked at (for tests of the index paths). */
    List<StoredRecord> list(ODataQuery query, long[] scanned) {
        lock.readLock().lock();
        try {
            return PageReader.read(query, byId, byStamp, scanned);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many records match the query's filter, ignoring {@code $top}/{@code $skip}. */
    public long count(ODataQuery query) {
        lock.readLock().lock();
        try {
            return PageReader.count(query.filter(), byId.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The first {@code limit} records in {@code (date_time_updated, id)} order: the ones a poll reads first. */
    public List<StoredRecord> oldest(int limit) {
        lock.readLock().lock();
        try {
            return byStamp.values().stream().limit(limit).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A record picked with {@code random}, or empty when there is none. Same data and seed, same pick. */
    public Optional<StoredRecord> pick(Random random) {
        lock.readLock().lock();
        try {
            if (byId.isEmpty()) {
                return Optional.empty();
            }
            long low = byId.firstKey();
            long high = byId.lastKey();
            long probe = low + (long) (random.nextDouble() * (high - low + 1));
            Map.Entry<Long, StoredRecord> entry = byId.ceilingEntry(probe);
            return Optional.of(entry != null ? entry.getValue() : byId.lastEntry().getValue());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every record, in id order, as of now. */
    public List<StoredRecord> snapshot() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(byId.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return byId.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            byId.clear();
            byStamp.clear();
            deleted.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public ApiError notFound(long id) {
        return ApiError.notFound("No " + schema.typeName() + " found with id " + id + ".");
    }

    /** Every create and update ends here, under the write lock: the one place the change log hears of them. */
    private void put(StoredRecord record) {
        byId.put(record.id(), record);
        byStamp.put(record.stampKey(), record);
        changeLog.record(resource(), record.id(), record.updated());
    }
}
