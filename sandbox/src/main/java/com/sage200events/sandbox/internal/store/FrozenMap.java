package com.sage200events.sandbox.internal.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An immutable, insertion-ordered map whose keys live in a {@link Shape} shared by every record of the
 * same layout. A customer has ~150 fields: as a {@code LinkedHashMap} that is ~13 KB a record, as a
 * shape plus a value array well under half of it, which is what lets a benchmark hold 100,000 of them.
 */
final class FrozenMap extends AbstractMap<String, Object> {

    private final Shape shape;
    private final Object[] values;

    private FrozenMap(Shape shape, Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    /** Copies {@code source} in its iteration order, passing each value through {@code freeze}. */
    static FrozenMap copyOf(Map<?, ?> source, UnaryOperator<Object> freeze) {
        String[] keys = new String[source.size()];
        Object[] values = new Object[source.size()];
        int i = 0;
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            keys[i] = (String) entry.getKey();
            values[i] = freeze.apply(entry.getValue());
            i++;
        }
        return new FrozenMap(Shape.of(List.of(keys)), values);
    }

    @Override
    public Object get(Object key) {
        Integer index = shape.index.get(key);
        return index == null ? null : values[index];
    }

    @Override
    public boolean containsKey(Object key) {
        return shape.index.containsKey(key);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(shape.keys.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** One key layout, interned: records of one resource share a handful of these. */
    private static final class Shape {
        /** Layouts come from schemas, but array items may carry any keys a test sends: stop interning past this. */
        private static final int MAX_INTERNED = 10_000;
        private static final Map<List<String>, Shape> INTERNED = new ConcurrentHashMap<>();

        final List<String> keys;
        final Map<String, Integer> index;

        private Shape(List<String> keys) {
            this.keys = keys;
            Map<String, Integer> positions = new HashMap<>(keys.size() * 2);
            for (int i = 0; i < keys.size(); i++) {
                positions.put(keys.get(i), i);
            }
            this.index = positions;
        }

        static Shape of(List<String> keys) {
            Shape shape = INTERNED.get(keys);
            if (shape != null) {
                return shape;
            }
            return INTERNED.size() < MAX_INTERNED ? INTERNED.computeIfAbsent(keys, Shape::new) : new Shape(keys);
        }
    }
}
