package com.example.sageevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a JSON Schema, for the keywords the Sage 200 Events schemas use: type,
 * required, properties, additionalProperties (false), items, minItems/maxItems, minLength/maxLength,
 * minimum, pattern, enum, const, anyOf and local $ref. Written here so the example needs nothing but Jackson;
 * a production consumer may prefer a full validator library.
 */
public final class SchemaCheck {

    private final JsonNode root;

    public SchemaCheck(JsonNode schema) {
        this.root = schema;
    }

    /** Every violation, each with the JSON path where it occurs; empty when the value conforms. */
    public List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        check(root, value, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, out);
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + ": must be " + schema.get("const"));
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + ": must be one of " + schema.get("enum"));
        }
        if (schema.has("anyOf") && !matchesAny(schema.get("anyOf"), value, path)) {
            out.add(path + ": must match one of " + schema.get("anyOf"));
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            out.add(path + ": must be of type " + schema.get("type").asText());
            return;
        }
        if (value.isObject()) {
            checkObject(schema, value, path, out);
        } else if (value.isArray()) {
            checkArray(schema, value, path, out);
        } else if (value.isTextual()) {
            checkString(schema, value.asText(), path, out);
        } else if (value.isNumber() && schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            out.add(path + ": must be at least " + schema.get("minimum"));
        }
    }

    private boolean matchesAny(JsonNode branches, JsonNode value, String path) {
        for (JsonNode branch : branches) {
            List<String> violations = new ArrayList<>();
            check(branch, value, path, violations);
            if (violations.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("required")) {
            schema.get("required").forEach(name -> {
                if (!value.has(name.asText())) {
                    out.add(path + ": missing required field " + name.asText());
                }
            });
        }
        JsonNode properties = schema.path("properties");
        boolean closed = schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey(), out);
            } else if (closed) {
                out.add(path + ": field " + field.getKey() + " is not allowed");
            }
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            out.add(path + ": must have at least " + schema.get("minItems") + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            out.add(path + ": must have at most " + schema.get("maxItems") + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static void checkString(JsonNode schema, String text, String path, List<String> out) {
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            out.add(path + ": must have at least " + schema.get("minLength") + " characters");
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            out.add(path + ": must have at most " + schema.get("maxLength") + " characters");
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            out.add(path + ": must match " + schema.get("pattern").asText());
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode option : options) {
            if (option.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref is supported: " + ref);
        }
        JsonNode node = root;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return node;
    }
}
