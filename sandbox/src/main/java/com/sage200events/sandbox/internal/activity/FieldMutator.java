package com.sage200events.sandbox.internal.activity;

import com.sage200events.sandbox.internal.schema.Field;
import com.sage200events.sandbox.internal.schema.FieldType;
import com.sage200events.sandbox.internal.schema.ResourceSchema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Plausible edits for one resource: what a user could change through Sage's API. Only writable top-level
 * text, decimal and boolean fields; never ids, stamps, or text holding an enum name (random text there
 * would be a value Sage can never hold).
 */
final class FieldMutator {

    private static final Pattern ENUM_NAME = Pattern.compile("[A-Z][A-Za-z]+");
    private static final String[] WORDS = {"North", "South", "Trading", "Supplies", "Services", "Holdings", "Retail",
        "Wholesale", "Partners", "Group", "Digital", "Foods", "Print", "Logistics"};

    private final List<Field> candidates;

    FieldMutator(ResourceSchema schema) {
        this.candidates = schema.fields().fields().stream().filter(FieldMutator::editable).toList();
    }

    /** One or two fields with new values; empty when the resource has nothing a user may edit. */
    Map<String, Object> edit(Random random, long serial) {
        Map<String, Object> edit = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return edit;
        }
        int fields = 1 + random.nextInt(2);
        for (int i = 0; i < fields; i++) {
            Field field = candidates.get(random.nextInt(candidates.size()));
            edit.put(field.name(), value(field, random, serial));
        }
        return edit;
    }

    private static Object value(Field field, Random random, long serial) {
        return switch (field.type()) {
            case DECIMAL -> BigDecimal.valueOf(random.nextInt(1_000_000), 2).setScale(field.scale(), java.math.RoundingMode.HALF_UP);
            case BOOLEAN -> random.nextBoolean();
            default -> fit(WORDS[random.nextInt(WORDS.length)] + " " + serial, field.maxLength());
        };
    }

    private static String fit(String text, int maxLength) {
        return maxLength > 0 && text.length() > maxLength ? text.substring(0, maxLength) : text;
    }

    private static boolean editable(Field field) {
        if (field.readOnly() || field.name().equals("id") || field.name().startsWith("date_time_")) {
            return false;
        }
        if (field.type() == FieldType.STRING) {
            boolean enumLike = field.defaultSpec() != null && ENUM_NAME.matcher(field.defaultSpec()).matches()
                    || field.name().endsWith("_type") || field.name().endsWith("_status");
            return !enumLike;
        }
        return field.type() == FieldType.DECIMAL || field.type() == FieldType.BOOLEAN;
    }
}
