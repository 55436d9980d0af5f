package com.sage200events.sandbox.internal.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads the condensed schema files in {@code /com/sage200events/sandbox/schema/} (written by
 * {@code tools/extract_schemas.py} from Sage's OpenAPI files). One property per line:
 * {@code name type [ro] [required] [max=N] [default=rest of line]}, nested properties indented by two spaces
 * under their object. Types: {@code long int decimal<N> string boolean datetime object array}.
 */
public final class SchemaReader {

    private static final String LOCATION = "/com/sage200events/sandbox/schema/";

    private SchemaReader() {}

    public static ResourceSchema load(String resource) {
        String path = LOCATION + resource + ".schema";
        try (InputStream in = SchemaReader.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema for resource '" + resource + "' at " + path);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = reader.lines().toList();
            return new ResourceSchema(resource, typeName(lines, resource), parse(lines, path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header names Sage's schema in backticks; OData error messages use that name. */
    private static String typeName(List<String> lines, String fallback) {
        if (!lines.isEmpty() && lines.get(0).startsWith("#")) {
            String header = lines.get(0);
            int start = header.indexOf('`');
            int end = header.indexOf('`', start + 1);
            if (start >= 0 && end > start) {
                return header.substring(start + 1, end);
            }
        }
        return fallback;
    }

    static FieldSet parse(List<String> lines, String source) {
        // A stack of (indent, builder) levels: a line deeper than the last field opens that field's children.
        Deque<Level> stack = new ArrayDeque<>();
        stack.push(new Level(-1, null));
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            if (raw.isBlank() || raw.startsWith("#")) {
                continue;
            }
            int indent = 0;
            while (raw.charAt(indent) == ' ') {
                indent++;
            }
            while (stack.peek().indent >= indent) {
                Level done = stack.pop();
                stack.peek().add(done.build());
            }
            stack.push(new Level(indent, parseLine(raw.substring(indent), source, lineNo)));
        }
        while (stack.size() > 1) {
            Level done = stack.pop();
            stack.peek().add(done.build());
        }
        return new FieldSet(stack.pop().children);
    }

    private static Field parseLine(String line, String source, int lineNo) {
        String spec = line;
        String defaultSpec = null;
        int defaultAt = line.indexOf(" default=");
        if (defaultAt >= 0) {
            spec = line.substring(0, defaultAt);
            defaultSpec = line.substring(defaultAt + " default=".length());
        }
        String[] parts = spec.trim().split(" +");
        if (parts.length < 2) {
            throw new IllegalStateException(source + ":" + lineNo + ": expected 'name type', got '" + line + "'");
        }
        FieldType type;
        int scale = 0;
        if (parts[1].startsWith("decimal")) {
            type = FieldType.DECIMAL;
            scale = parts[1].length() > "decimal".length() ? Integer.parseInt(parts[1].substring("decimal".length())) : 2;
        } else {
            try {
                type = FieldType.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + ":" + lineNo + ": unknown type '" + parts[1] + "'", e);
            }
        }
        boolean readOnly = false;
        boolean required = false;
        int maxLength = 0;
        for (int i = 2; i < parts.length; i++) {
            if (parts[i].startsWith("max=")) {
                maxLength = Integer.parseInt(parts[i].substring("max=".length()));
                continue;
            }
            switch (parts[i]) {
                case "ro" -> readOnly = true;
                case "required" -> required = true;
                default -> throw new IllegalStateException(source + ":" + lineNo + ": unknown flag '" + parts[i] + "'");
            }
        }
        return new Field(parts[0], type, scale, readOnly, required, maxLength, defaultSpec, FieldSet.EMPTY);
    }

    private static final class Level {
        final int indent;
        final Field field;
        final List<Field> children = new ArrayList<>();

        Level(int indent, Field field) {
            this.indent = indent;
            this.field = field;
        }

        void add(Field child) {
            children.add(child);
        }

        Field build() {
            if (children.isEmpty()) {
                return field;
            }
            return new Field(field.name(), field.type(), field.scale(), field.readOnly(), field.required(),
                    field.maxLength(), field.defaultSpec(), new FieldSet(children));
        }
    }
}
