package com.sage200events.common.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON value's exact UTF-8 text, as a range of the buffer it was read from (plus, for an object given more
 * fields, those fields' text), to be copied out again byte for byte.
 *
 * <p>Why: the worker passes Sage's records through untouched (DESIGN §4 "Exact vendor data"), and writing each
 * record's tree back out costs as much CPU as parsing it did. Copying the bytes Sage sent keeps every number's
 * and string's text by construction and costs a memory copy. Only text that a parser has read whole as one JSON
 * value may become a {@code RawJson} ({@link SourcedArrays} makes them), because nothing here checks it again.
 */
public final class RawJson {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    private static final byte[] NONE = new byte[0];

    private final byte[] buffer;
    private final int offset;
    private final int length;
    /** Written after the range: the appended fields and the closing brace the range then leaves out. */
    private final byte[] tail;

    /**
     * @param buffer UTF-8 bytes holding the value (kept, not copied: it must not change afterwards)
     * @param offset where the value's first byte is
     * @param length how many bytes it takes
     * @throws IndexOutOfBoundsException if the range is not inside {@code buffer}
     */
    RawJson(byte[] buffer, int offset, int length) {
        this(buffer, offset, length, NONE);
    }

    private RawJson(byte[] buffer, int offset, int length, byte[] tail) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.tail = tail;
    }

    /**
     * This object with {@code fields} (names to string values) after its own, in map order: the object a tree
     * would be after {@code put}ting those fields, provided it did not have any of them. Its own bytes stay as they
     * were (and are not copied); the new fields are escaped as JSON strings.
     *
     * @throws IllegalStateException if this is not an object read from the input (its text does not start with '{'
     *     and end with '}'), or has been given fields already
     */
    public RawJson withStringFields(Map<String, String> fields) {
        if (tail.length > 0 || length < 2 || buffer[offset] != '{' || buffer[offset + length - 1] != '}') {
            throw new IllegalStateException("not a JSON object as read");
        }
        if (fields.isEmpty()) {
            return this;
        }
        boolean empty = true;
        for (int i = offset + 1; i < offset + length - 1 && empty; i++) {
            byte b = buffer[i];
            empty = b == ' ' || b == '\t' || b == '\n' || b == '\r';
        }
        StringBuilder text = new StringBuilder(48 * fields.size());
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!empty) {
                text.append(',');
            }
            empty = false;
            text.append('"');
            ENCODER.quoteAsString(field.getKey(), text);
            text.append("\":\"");
            ENCODER.quoteAsString(field.getValue(), text);
            text.append('"');
        }
        text.append('}');
        return new RawJson(buffer, offset, length - 1, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The size in bytes. */
    public int length() {
        return length + tail.length;
    }

    /**
     * Copies the bytes into {@code out} at {@code at}.
     *
     * @return the index after the last byte copied
     * @throws IndexOutOfBoundsException if {@code out} has less than {@link #length()} bytes from {@code at}
     */
    public int copyTo(byte[] out, int at) {
        System.arraycopy(buffer, offset, out, at, length);
        System.arraycopy(tail, 0, out, at + length, tail.length);
        return at + length + tail.length;
    }

    /** The bytes, copied. */
    public byte[] toBytes() {
        byte[] bytes = new byte[length()];
        copyTo(bytes, 0);
        return bytes;
    }

    /** The text. */
    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }
}
