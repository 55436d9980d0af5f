package com.sage200events.sandbox.internal.store;

/** Who is writing a record, which decides what a body may contain. */
public enum WriteMode {
    /**
     * Sage's own POST/PUT. Like ASP.NET's JSON binding, unknown properties and read-only ones (id,
     * balance, stamps…) are silently ignored rather than refused, and required fields are enforced.
     */
    SAGE,
    /**
     * The sandbox's admin API: unknown properties are refused (a typo should not pass silently), while
     * read-only ones, including {@code date_time_created}/{@code date_time_updated}, may be set so
     * tests can stage skewed or late-committed stamps. Only {@code id} stays server-assigned.
     */
    ADMIN
}
