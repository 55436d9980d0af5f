package com.sage200events.sandbox.internal.store;

/** What Sage's API allows on a resource (per the OpenAPI paths). */
public enum Operation {
    LIST,
    GET,
    CREATE,
    UPDATE,
    DELETE
}
