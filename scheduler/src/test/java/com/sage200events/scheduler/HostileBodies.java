package com.sage200events.scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Bodies built at the byte level to break a parser rather than a rule (issue 16, "Fuzzing at scale"): nesting
 * 10,000 deep (closed and unclosed), 10 MB strings, bytes that are not UTF-8, keys given twice and numbers no
 * double can hold. Each is grown from the seed document's JSON, so everything else about it is valid.
 */
final class HostileBodies {

    static final int DEPTH = 10_000;
    static final int TEN_MB = 10 * 1024 * 1024;
    private static final byte[][] NOT_UTF8 = {
        {(byte) 0xBE}, // a lone continuation byte: issue 17's %Be, sent raw
        {(byte) 0xC3}, // a lead byte with nothing after it
        {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate encoded as UTF-8
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        {(byte) 0xFF}};
    private static final String[] NUMBERS = {"1e999999", "-1e999999", "1e-999999", "1E+400", "9".repeat(1_500), "-0.0",
        "123456789012345678901234567890", "1.7976931348623157e309"};

    private HostileBodies() {
    }

    /** One hostile body; {@code big} allows the rare 10 MB one. */
    static byte[] next(Random random, boolean big) {
        String seed = SchedulerFixture.seed().toString();
        return switch (random.nextInt(big ? 6 : 5)) {
            case 0 -> deep(random, seed);
            case 1 -> notUtf8(random, seed);
            case 2 -> utf8(duplicateKey(random, seed));
            case 3 -> utf8(hugeNumber(random, seed));
            case 4 -> utf8(controlCharacters(random, seed));
            default -> utf8(tenMegabytes(random, seed));
        };
    }

    private static byte[] deep(Random random, String seed) {
        String open = random.nextBoolean() ? "[" : "{\"k\":";
        String close = open.equals("[") ? "]" : "}";
        String nest = open.repeat(DEPTH) + "1" + (random.nextBoolean() ? close.repeat(DEPTH) : "");
        return utf8(random.nextBoolean() ? nest : seed.replace("\"configuration\":{", "\"configuration\":{\"deep\":" + nest + ","));
    }

    private static byte[] notUtf8(Random random, String seed) {
        byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
        // Inside a string value (the instance's name, or a where clause), or between tokens.
        String[] anchors = {"\"name\":\"", "where=", "\"company.name\":\"", "{"};
        String anchor = anchors[random.nextInt(anchors.length)];
        int at = seed.indexOf(anchor) + anchor.length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(seed.substring(0, at)));
        out.writeBytes(bad);
        out.writeBytes(utf8(seed.substring(at)));
        return out.toByteArray();
    }

    private static String duplicateKey(Random random, String seed) {
        return switch (random.nextInt(4)) {
            case 0 -> "{\"name\":\"first\"," + seed.substring(1);
            case 1 -> seed.replace("\"configuration\":{", "\"configuration\":{\"company.name\":\"Other\",");
            case 2 -> seed.replace("\"event.poller.configuration\":{", "\"event.poller.configuration\":{\"customers\":{},");
            default -> seed.replace("\"idField\":\"id\"", "\"idField\":\"id\",\"idField\":\"other\"");
        };
    }

    private static String hugeNumber(Random random, String seed) {
        String number = NUMBERS[random.nextInt(NUMBERS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> seed.replace("\"event.poller.refresh_interval\":\"15\"", "\"event.poller.refresh_interval\":" + number);
            case 1 -> seed.replace("\"configuration\":{", "\"configuration\":{\"my.number\":" + number + ",");
            default -> seed.replace("\"tags\":[", "\"tags\":[" + number + ",");
        };
    }

    private static String controlCharacters(Random random, String seed) {
        String[] values = {"\\u0000", "\\u001b[2J", "\\ud800", "\\uFFFD", "\\u202e"};
        String value = values[random.nextInt(values.length)];
        return random.nextBoolean() ? seed.replace("myCoolInstance", value)
                : seed.replace("date_time_updated>=", "name = '" + value + "' AND date_time_updated>=");
    }

    private static String tenMegabytes(Random random, String seed) {
        String huge = String.valueOf((char) ('a' + random.nextInt(26))).repeat(TEN_MB);
        return random.nextBoolean() ? seed.replace("myCoolInstance", huge)
                : seed.replace("\"configuration\":{", "\"configuration\":{\"my.blob\":\"" + huge + "\",");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
