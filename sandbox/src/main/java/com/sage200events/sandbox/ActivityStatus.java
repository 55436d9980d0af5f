package com.sage200events.sandbox;

/**
 * What the activity generator has done since it was last started.
 *
 * @param config the running (or last) configuration, null when it never ran
 * @param errors operations that failed (logged; the generator carries on)
 */
public record ActivityStatus(boolean running, ActivityConfig config, long operations, long creates, long updates, long errors) {
}
