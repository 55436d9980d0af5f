package com.sage200events.common.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a service's settings from its environment variables: one place that parses numbers and durations and
 * says which variable was wrong. Every config record's {@code fromEnv} reads through it (DESIGN §7, issue 13); the
 * record's own constructor then checks the ranges.
 *
 * <p>A number or duration that is unset or blank takes the default; a string is taken as set, blank included (a
 * blank secret is refused by the config record, not silently replaced). A value that does not parse throws
 * {@link IllegalArgumentException} naming the variable and the value (settings are not secrets; the secret ones are
 * read with {@link #string} and never parsed here).
 */
public final class Env {

    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    /** The given variables, e.g. {@code System.getenv()} or a test's map. */
    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    /** This process's environment. */
    public static Env system() {
        return of(System.getenv());
    }

    /** The variables as a map, for readers that take one (e.g. the SSRF guard's {@code fromEnv}). */
    public Map<String, String> asMap() {
        return vars;
    }

    /** The value, when set and not blank. */
    public Optional<String> optional(String name) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public boolean has(String name) {
        return optional(name).isPresent();
    }

    /** The value as set, or {@code fallback} (which may be null) when unset. */
    public String string(String name, String fallback) {
        return vars.getOrDefault(name, fallback);
    }

    /** A whole number (an {@code int}). */
    public int integer(String name, int fallback) {
        return optional(name).map(v -> parse(name, v, "a whole number", Integer::parseInt)).orElse(fallback);
    }

    /** A decimal number, e.g. {@code 0.2}. */
    public double decimal(String name, double fallback) {
        return optional(name).map(v -> parse(name, v, "a number", Double::parseDouble)).orElse(fallback);
    }

    /** A whole count of seconds, e.g. {@code POLL_LEASE_SECONDS=120}. */
    public Duration seconds(String name, Duration fallback) {
        return duration(name, ChronoUnit.SECONDS, fallback);
    }

    /** A whole count of {@code unit}s, e.g. hours for {@code DELIVERY_DEDUPE_TTL_HOURS}. */
    public Duration duration(String name, ChronoUnit unit, Duration fallback) {
        String what = "a whole number of " + unit.toString().toLowerCase(Locale.ROOT);
        return optional(name).map(v -> parse(name, v, what, text -> Duration.of(Long.parseLong(text), unit))).orElse(fallback);
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(String name, String value, String what, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be " + what + ", not '" + value + "'");
        }
    }
}
