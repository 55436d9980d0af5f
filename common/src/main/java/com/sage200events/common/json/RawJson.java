package com.sage200events.common.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON value's exact UTF-8 text, as a range of the buffer it was read from, written out again byte for byte.
 *
 * <p>Why: the worker passes Sage's records through untouched (DESIGN §4 "Exact vendor data"), and writing each
 * record's tree back out costs as much CPU as parsing it did. Copying the bytes Sage sent keeps every number's
 * and string's text by construction and costs a memory copy. Only text that a parser has read whole as one JSON
 * value may become a {@code RawJson} ({@link SourcedArrays} makes them), because nothing here re-checks it.
 *
 * <p>As a Jackson {@link SerializableString} it is written by {@code writeRawValue}: {@link #asNode()} puts it
 * where a tree goes (e.g. in a notification's records) and a generator copies the bytes in.
 */
public final class RawJson implements SerializableString {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] NAME_VALUE = {'"', ':', '"'};

    private final byte[] buffer;
    private final int offset;
    private final int length;

    /**
     * @param buffer UTF-8 bytes holding the value (kept, not copied: it must not change afterwards)
     * @param offset where the value's first byte is
     * @param length how many bytes it takes
     * @throws IndexOutOfBoundsException if the range is not inside {@code buffer}
     */
    RawJson(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /**
     * This object with {@code fields} (names to string values) appended after its own, in map order: the object a
     * tree would be after {@code put}ting those fields, provided it did not have any of them. Its own bytes stay
     * as they were; the new fields are escaped as JSON strings.
     *
     * @throws IllegalStateException if this is not an object (its text does not start with '{' and end with '}')
     */
    public RawJson withStringFields(Map<String, String> fields) {
        if (length < 2 || buffer[offset] != '{' || buffer[offset + length - 1] != '}') {
            throw new IllegalStateException("not a JSON object");
        }
        if (fields.isEmpty()) {
            return this;
        }
        boolean empty = true;
        for (int i = offset + 1; i < offset + length - 1; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                empty = false;
                break;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 48 * fields.size());
        out.write(buffer, offset, length - 1); // all but the closing brace
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!empty) {
                out.write(',');
            }
            empty = false;
            out.write('"');
            out.writeBytes(ENCODER.quoteAsUTF8(field.getKey()));
            out.writeBytes(NAME_VALUE);
            out.writeBytes(ENCODER.quoteAsUTF8(field.getValue()));
            out.write('"');
        }
        out.write('}');
        byte[] bytes = out.toByteArray();
        return new RawJson(bytes, 0, bytes.length);
    }

    /** A tree node that serializes as exactly these bytes (a {@link RawValue} in a POJO node). */
    public JsonNode asNode() {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(this));
    }

    /** The bytes, copied. */
    public byte[] toBytes() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    /** The size in bytes. */
    public int length() {
        return length;
    }

    @Override
    public String getValue() {
        return new String(buffer, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public int charLength() {
        return getValue().length();
    }

    @Override
    public char[] asQuotedChars() {
        return ENCODER.quoteAsString(getValue());
    }

    @Override
    public byte[] asUnquotedUTF8() {
        return toBytes();
    }

    @Override
    public byte[] asQuotedUTF8() {
        return ENCODER.quoteAsUTF8(getValue());
    }

    @Override
    public int appendQuotedUTF8(byte[] out, int at) {
        return copy(asQuotedUTF8(), out, at);
    }

    @Override
    public int appendQuoted(char[] out, int at) {
        return copy(asQuotedChars(), out, at);
    }

    @Override
    public int appendUnquotedUTF8(byte[] out, int at) {
        if (at + length > out.length) {
            return -1; // the generator then writes asUnquotedUTF8() itself
        }
        System.arraycopy(buffer, offset, out, at, length);
        return length;
    }

    @Override
    public int appendUnquoted(char[] out, int at) {
        return copy(getValue().toCharArray(), out, at);
    }

    @Override
    public int writeQuotedUTF8(OutputStream out) throws IOException {
        byte[] quoted = asQuotedUTF8();
        out.write(quoted);
        return quoted.length;
    }

    @Override
    public int writeUnquotedUTF8(OutputStream out) throws IOException {
        out.write(buffer, offset, length);
        return length;
    }

    @Override
    public int putQuotedUTF8(ByteBuffer out) {
        byte[] quoted = asQuotedUTF8();
        if (quoted.length > out.remaining()) {
            return -1;
        }
        out.put(quoted);
        return quoted.length;
    }

    @Override
    public int putUnquotedUTF8(ByteBuffer out) {
        if (length > out.remaining()) {
            return -1;
        }
        out.put(buffer, offset, length);
        return length;
    }

    @Override
    public String toString() {
        return getValue();
    }

    private static int copy(byte[] from, byte[] out, int at) {
        if (at + from.length > out.length) {
            return -1;
        }
        System.arraycopy(from, 0, out, at, from.length);
        return from.length;
    }

    private static int copy(char[] from, char[] out, int at) {
        if (at + from.length > out.length) {
            return -1;
        }
        System.arraycopy(from, 0, out, at, from.length);
        return from.length;
    }
}
