package com.sage200events.sandbox.internal.store;

import com.sage200events.sandbox.internal.ExactDecimal;
import com.sage200events.sandbox.internal.ApiError;
import com.sage200events.sandbox.internal.SageTime;
import com.sage200events.sandbox.internal.schema.Field;
import com.sage200events.sandbox.internal.schema.FieldSet;
import com.sage200events.sandbox.internal.schema.FieldType;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds records from a schema: a fresh record has a value for every field, and written bodies are
 * checked and converted to the field's type.
 *
 * <p>Default specs in schema files: {@code {id}} inside a text is replaced by the record id;
 * {@code @id} is the id itself, {@code @today} midnight UTC, {@code @now} the write time. Without a
 * spec: 0, 0.00 at the field's scale, "", false, [] and {} (nested objects are filled the same
 * way); optional dates stay null as in Sage. Every {@code date_time_created}/{@code
 * date_time_updated}, nested ones included, is the write time.
 */
final class RecordFactory {

    private final ResourceSchema schema;

    RecordFactory(ResourceSchema schema) {
        this.schema = schema;
    }

    Map<String, Object> fresh(long id, Instant now, Instant today) {
        Map<String, Object> values = defaults(schema.fields(), id, now, today);
        values.put(StoredRecord.ID, id);
        return values;
    }

    private Map<String, Object> defaults(FieldSet fields, long id, Instant now, Instant today) {
        Map<String, Object> values = new LinkedHashMap<>(fields.fields().size() * 4 / 3 + 1);
        for (Field field : fields.fields()) {
            values.put(field.name(), defaultValue(field, id, now, today));
        }
        return values;
    }

    private Object defaultValue(Field field, long id, Instant now, Instant today) {
        String spec = field.defaultSpec();
        if ("@id".equals(spec)) {
            return field.type() == FieldType.INT ? (Object) (int) id : (Object) id;
        }
        return switch (field.type()) {
            case LONG -> spec == null ? 0L : Long.parseLong(spec);
            case INT -> spec == null ? 0 : Integer.parseInt(spec);
            case DECIMAL -> (spec == null ? BigDecimal.ZERO : new BigDecimal(spec)).setScale(field.scale(), RoundingMode.HALF_UP);
            case STRING -> spec == null ? "" : fitted(spec, id, field.maxLength());
            case BOOLEAN -> Boolean.parseBoolean(spec);
            case DATETIME -> {
                if (isStamp(field.name()) || "@now".equals(spec)) {
                    yield now;
                }
                yield "@today".equals(spec) ? today : spec == null ? null : SageTime.parse(spec);
            }
            case OBJECT -> defaults(field.children(), id, now, today);
            case ARRAY -> new ArrayList<>();
        };
    }

    /**
     * Renders a default such as {@code CUST{id}}, dropping letters of the text before {@code {id}} when the
     * result would exceed the field's maximum length: a customer reference holds 8 characters, so record
     * 10001 gets {@code CUS10001}, still unique and still within what Sage would accept.
     */
    static String fitted(String spec, long id, int maxLength) {
        String digits = Long.toString(id);
        String text = spec.replace("{id}", digits);
        int at = spec.indexOf("{id}");
        if (maxLength == 0 || text.length() <= maxLength || at < 0) {
            return text;
        }
        int excess = text.length() - maxLength;
        String before = spec.substring(0, at);
        String cut = before.substring(0, Math.max(0, before.length() - excess));
        String result = (cut + spec.substring(at)).replace("{id}", digits);
        return result.length() <= maxLength ? result : result.substring(result.length() - maxLength);
    }

    /** Sage refuses a POST without its required fields; ASP.NET model validation words it like this. */
    void checkRequired(Map<String, Object> input) {
        for (Field field : schema.fields().fields()) {
            Object value = input.get(field.name());
            if (field.required() && (value == null || value instanceof String s && s.isBlank())) {
                throw ApiError.badRequest("The request is invalid. The " + field.name() + " field is required.");
            }
        }
    }

    /**
     * Writes {@code input} into {@code target} field by field, converting each value.
     *
     * @throws ApiError 400 naming the first bad field
     */
    void apply(Map<String, Object> target, Map<String, Object> input, WriteMode mode, Instant now) {
        for (Map.Entry<String, Object> entry : input.entrySet()) {
            if (StoredRecord.ID.equals(entry.getKey())) {
                if (mode == WriteMode.ADMIN) {
                    throw ApiError.badRequest("'id' is assigned by the sandbox and cannot be written");
                }
                continue;
            }
            merge(schema.fields(), target, entry.getKey(), entry.getValue(), mode, now, entry.getKey());
        }
    }

    @SuppressWarnings("unchecked")
    private void merge(FieldSet fields, Map<String, Object> target, String name, Object value, WriteMode mode,
            Instant now, String path) {
        Field field = fields.get(name).orElse(null);
        if (field == null) {
            if (mode == WriteMode.ADMIN) {
                throw ApiError.badRequest("Unknown field '" + path + "' for " + schema.resource());
            }
            return;
        }
        if (field.readOnly() && mode == WriteMode.SAGE) {
            return;
        }
        if (field.type() == FieldType.OBJECT && value instanceof Map<?, ?> nested) {
            Object current = target.get(name);
            Map<String, Object> into = current instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : nested.entrySet()) {
                String key = String.valueOf(entry.getKey());
                merge(field.children(), into, key, entry.getValue(), mode, now, path + "." + key);
            }
            if (field.children().get(StoredRecord.UPDATED).isPresent() && !nested.containsKey(StoredRecord.UPDATED)) {
                into.put(StoredRecord.UPDATED, now);
            }
            target.put(name, into);
            return;
        }
        Object converted = convert(field, value, path);
        if (mode == WriteMode.SAGE && converted instanceof String text && field.maxLength() > 0
                && text.length() > field.maxLength()) {
            throw ApiError.badRequest("The request is invalid. The field " + path + " must be a string with a maximum length of "
                    + field.maxLength() + ".");
        }
        target.put(name, converted);
    }

    private static Object convert(Field field, Object value, String path) {
        if (value == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case LONG -> integral(value).longValueExact();
                case INT -> integral(value).intValueExact();
                case DECIMAL -> decimal(value).setScale(field.scale(), RoundingMode.HALF_UP);
                case STRING -> expect(value, String.class);
                case BOOLEAN -> expect(value, Boolean.class);
                case DATETIME -> value instanceof Instant i ? i : SageTime.parse(expect(value, String.class));
                case OBJECT -> expect(value, Map.class);
                case ARRAY -> expect(value, List.class);
            };
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw ApiError.badRequest("The request is invalid. Error converting value " + quoted(value) + " to type '"
                    + field.type().edmName() + "'. Path '" + path + "'.");
        }
    }

    private static BigInteger integral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof BigDecimal dec) {
            return dec.toBigIntegerExact();
        }
        if (value instanceof ExactDecimal exact) {
            return exact.decimal().toBigIntegerExact();
        }
        throw new IllegalArgumentException("not an integer");
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal dec) {
            return dec;
        }
        if (value instanceof ExactDecimal exact) {
            return exact.decimal();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        throw new IllegalArgumentException("not a number");
    }

    private static <T> T expect(Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    static boolean isStamp(String name) {
        return StoredRecord.CREATED.equals(name) || StoredRecord.UPDATED.equals(name);
    }
}
