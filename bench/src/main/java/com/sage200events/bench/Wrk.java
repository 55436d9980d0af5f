package com.sage200events.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling: {@code wrk} posting one body with the given headers over {@code connections} keep-alive
 * connections for {@code seconds}, with one thread (as in issue 12's measurement). {@code bin/bench} installs
 * wrk from Debian's packages when it is missing.
 */
final class Wrk {

    /** Requests per second and the latency percentiles wrk printed, in milliseconds. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, String output) {
    }

    private Wrk() {
    }

    static Result post(String url, byte[] body, Map<String, String> headers, int connections, int seconds)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("bench-wrk", ".lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = [==[").append(new String(body, StandardCharsets.UTF_8)).append("]==]\n");
        headers.forEach((name, value) -> lua.append("wrk.headers[\"").append(name).append("\"] = \"").append(value).append("\"\n"));
        Files.writeString(script, lua);
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed:\n" + output);
        }
        Files.delete(script);
        return new Result(number(output, "Requests/sec:\\s+([0-9.]+)"), latency(output, "50%"), latency(output, "99%"), output);
    }

    private static double number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in wrk's output:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A line of wrk's latency distribution, e.g. {@code 99%  1.60ms}, in milliseconds. */
    private static double latency(String output, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + percentile + " latency in wrk's output:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
