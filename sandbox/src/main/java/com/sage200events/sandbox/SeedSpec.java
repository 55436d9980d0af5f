package com.sage200events.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Many records at once, with stamps laid out as a test or benchmark needs them: record {@code i} is
 * stamped {@code firstStamp + (i / recordsPerStamp) × stampStep} (created and updated alike).
 *
 * <pre>{@code
 * sage.seed(SeedSpec.of("customers", 100_000).stampedFrom(t0, Duration.ofMillis(10)).withRecordsPerStamp(20));
 * }</pre>
 *
 * @param fields written into every record (admin rules: unknown fields are refused); the rest are defaults
 * @param firstStamp the first record's stamp; null for now on Sage's clock
 * @param stampStep how far apart consecutive stamps are
 * @param recordsPerStamp how many consecutive records share one stamp
 */
public record SeedSpec(String resource, int count, Map<String, Object> fields, Instant firstStamp, Duration stampStep,
                       int recordsPerStamp) {

    public static final int MAX_COUNT = 1_000_000;

    public SeedSpec {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("resource must not be blank");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be within 1.." + MAX_COUNT + ", was " + count);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
        Objects.requireNonNull(stampStep, "stampStep");
        if (stampStep.isNegative()) {
            throw new IllegalArgumentException("stampStep must not be negative, was " + stampStep);
        }
        if (recordsPerStamp < 1) {
            throw new IllegalArgumentException("recordsPerStamp must be at least 1, was " + recordsPerStamp);
        }
    }

    /** {@code count} default records of {@code resource}, all stamped now. */
    public static SeedSpec of(String resource, int count) {
        return new SeedSpec(resource, count, Map.of(), null, Duration.ZERO, 1);
    }

    public SeedSpec withFields(Map<String, Object> newFields) {
        return new SeedSpec(resource, count, newFields, firstStamp, stampStep, recordsPerStamp);
    }

    public SeedSpec stampedFrom(Instant first, Duration step) {
        return new SeedSpec(resource, count, fields, first, step, recordsPerStamp);
    }

    public SeedSpec withRecordsPerStamp(int records) {
        return new SeedSpec(resource, count, fields, firstStamp, stampStep, records);
    }

    /** The stamp of the {@code i}-th record, from the resolved first stamp. */
    public Instant stampOf(Instant first, int i) {
        return first.plus(stampStep.multipliedBy(i / recordsPerStamp));
    }
}
