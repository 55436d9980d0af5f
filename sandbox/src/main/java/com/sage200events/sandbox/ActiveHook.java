package com.sage200events.sandbox;

/**
 * A page hook the sandbox holds, and how far it has got.
 *
 * @param hook what it does; for a hook given as Java code, a description without ids or fields
 * @param counted the list requests it has counted so far
 * @param fired whether it has run (a hook runs once)
 * @param error why its change failed (e.g. an unknown id), or null
 */
public record ActiveHook(String id, PageHook hook, int counted, boolean fired, String error) {
}
