package com.sage200events.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads typed values out of a JSON object while collecting every problem with its field path. */
final class Fields {

    static final int MAX_TEXT = 2048;

    private final List<FieldError> errors = new ArrayList<>();

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    boolean hasErrorUnder(String prefix) {
        return errors.stream().anyMatch(e -> e.field().startsWith(prefix));
    }

    ValidationException failure() {
        return new ValidationException(errors);
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw failure();
        }
    }

    String requiredText(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            error(path, "is required");
            return null;
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return null;
        }
        if (node.asText().isBlank()) {
            error(path, "must not be blank");
            return null;
        }
        return checkedLength(node.asText(), path);
    }

    Optional<String> optionalText(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return Optional.empty();
        }
        return Optional.ofNullable(checkedLength(node.asText(), path));
    }

    private String checkedLength(String text, String path) {
        if (text.length() > MAX_TEXT) {
            error(path, "must be at most " + MAX_TEXT + " characters");
            return null;
        }
        return text;
    }

    /** A boolean given as JSON boolean or as the strings "true"/"false", as Cloud Elements accepts both. */
    boolean bool(JsonNode parent, String key, String path, boolean fallback) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        error(path, "must be true or false");
        return fallback;
    }

    /** A whole number given as a JSON number or a numeric string (the seed writes "15"). */
    Optional<Integer> positiveInt(JsonNode parent, String key, String path, int min, int max) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isIntegralNumber()) {
            // asLong() would silently wrap a huge number into range.
            error(path, "must be between " + min + " and " + max);
            return Optional.empty();
        } else if (node.isTextual() && node.asText().trim().matches("-?\\d{1,12}")) {
            value = Long.parseLong(node.asText().trim());
        } else {
            error(path, "must be a whole number" + (node.isTextual() ? ", not '" + abbreviate(node.asText()) + "'" : ""));
            return Optional.empty();
        }
        if (value < min || value > max) {
            error(path, "must be between " + min + " and " + max + ", not " + value);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    /**
     * Absolute http(s) with a host; the stricter rules of {@link CallableUrl} (port range, address forms) apply to
     * requests only ({@link RequestRules}), so a stored instance from before them still loads.
     */
    void checkHttpUrl(String url, String path) {
        if (!InstanceValidator.isHttpUrl(url)) {
            error(path, CallableUrl.refusal(url).orElse("must be an absolute http(s) URL"));
        }
    }

    /** A user's key as part of a field path: whole unless it is itself too long to be valid. */
    static String key(String key) {
        return key.length() <= 200 ? key : abbreviate(key);
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
