package com.sage200events.common.model;

/** One problem with one field of a request, named by its path (e.g. {@code configuration.company.name}). */
public record FieldError(String field, String message) {
}
