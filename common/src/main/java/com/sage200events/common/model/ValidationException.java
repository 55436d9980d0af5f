package com.sage200events.common.model;

import java.util.List;

/** Input that cannot be accepted; carries every problem found, not just the first. */
public class ValidationException extends RuntimeException {

    private final transient List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.size() + " invalid field(s): " + errors.stream().map(FieldError::field).toList());
        this.errors = List.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
