package com.sage200events.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Changes records between two pages of one poll: once the {@code afterRequests}-th list request to
 * {@code resource} (counted from when the hook is added) has been answered, and before the client can
 * ask for the next page, the sandbox updates the chosen records. The page the client asks for next sees
 * the change; the page it already has does not, just as when another user saves in Sage mid-poll.
 *
 * <pre>{@code
 * // between page 1 and page 2 of the next poll of customers, update these two records
 * sage.addPageHook(PageHook.after("customers", 1).updating(List.of(1004L, 1005L)));
 * // after the 2nd follow-up page ($skip or keyset), re-stamp the 3 records a poll reads first
 * sage.addPageHook(PageHook.after("customers", 2).continuationsOnly().updatingOldest(3));
 * }</pre>
 *
 * @param match which list requests count: all of them, or only follow-up pages ({@code $skip}, or a lower
 *     bound on {@code id} as in the keyset condition)
 * @param ids the records to update; or empty, and then {@code oldest} picks them
 * @param oldest update this many records that come first in {@code (date_time_updated, id)} order at that
 *     moment: the ones the previous pages returned, whose update shifts every {@code $skip} offset
 * @param fields what to write (admin rules: read-only fields and the stamps may be set, e.g. a
 *     {@code date_time_updated} below the poller's cursor to play a late commit); empty to only bump
 *     {@code date_time_updated} to now
 */
public record PageHook(String resource, int afterRequests, Match match, List<Long> ids, int oldest, Map<String, Object> fields) {

    /** Which list requests a hook counts. */
    public enum Match {
        ANY,
        CONTINUATION;

        public static Match fromJson(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("match must be any or continuation, was '" + name + "'");
            }
        }
    }

    public PageHook {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("resource must not be blank");
        }
        if (afterRequests < 1) {
            throw new IllegalArgumentException("afterRequests must be at least 1, was " + afterRequests);
        }
        Objects.requireNonNull(match, "match");
        ids = List.copyOf(Objects.requireNonNull(ids, "ids"));
        if (oldest < 0) {
            throw new IllegalArgumentException("oldest must not be negative, was " + oldest);
        }
        if (!ids.isEmpty() && oldest > 0) {
            throw new IllegalArgumentException("give ids or oldest, not both");
        }
        // LinkedHashMap, not Map.copyOf: a field may be set to null
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /** A hook on the {@code n}-th list request to {@code resource}; say what it changes with the methods below. */
    public static PageHook after(String resource, int n) {
        return new PageHook(resource, n, Match.ANY, List.of(), 0, Map.of());
    }

    public PageHook continuationsOnly() {
        return new PageHook(resource, afterRequests, Match.CONTINUATION, ids, oldest, fields);
    }

    public PageHook updating(List<Long> recordIds) {
        return new PageHook(resource, afterRequests, match, recordIds, 0, fields);
    }

    public PageHook updatingOldest(int count) {
        return new PageHook(resource, afterRequests, match, List.of(), count, fields);
    }

    public PageHook withFields(Map<String, Object> newFields) {
        return new PageHook(resource, afterRequests, match, ids, oldest, newFields);
    }
}
