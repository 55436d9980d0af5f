package com.sage200events.sandbox;

/** What {@link Sandbox#seed} created: {@code created} records with ids {@code firstId..lastId}, consecutive. */
public record SeedResult(String resource, int created, long firstId, long lastId) {
}
