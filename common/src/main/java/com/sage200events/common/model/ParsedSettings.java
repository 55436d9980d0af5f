package com.sage200events.common.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings parsed once per stored instance version and shared by every hop of a process (DESIGN.md §7): URL
 * templates and CEQL are parsed when an instance is written, not again on each slot, poll and cache refill.
 * An entry is reused only for the same id, the same version and an equal configuration, so records of other
 * deployments (another key prefix) or not yet saved (version 0) never share a stale entry.
 */
final class ParsedSettings {

    /** Enough for every instance of a large deployment; beyond it the map starts over (a re-parse, not an error). */
    private static final int MAX_ENTRIES = 200_000;
    private static final ConcurrentHashMap<Long, Entry> CACHE = new ConcurrentHashMap<>();

    private ParsedSettings() {
    }

    static InstanceSettings of(StoredInstance instance) {
        if (instance.version() <= 0) {
            return InstanceValidator.settings(instance.configuration());
        }
        Entry cached = CACHE.get(instance.id());
        if (cached != null && cached.version == instance.version() && cached.configuration.equals(instance.configuration())) {
            return cached.settings;
        }
        InstanceSettings settings = InstanceValidator.settings(instance.configuration());
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(instance.id(), new Entry(instance.version(), instance.configuration(), settings));
        return settings;
    }

    private record Entry(long version, ObjectNode configuration, InstanceSettings settings) {
    }
}
