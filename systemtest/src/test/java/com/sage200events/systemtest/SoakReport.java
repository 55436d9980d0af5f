package com.sage200events.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The soak's figures as a Markdown section: the machine and date, the table issue 16 asks for, and the chaos
 * timeline. {@link #writeInto(Path, String)} replaces the section between {@link #BEGIN} and {@link #END} in
 * {@code docs/RELIABILITY.md} (appending it when the markers are missing).
 */
final class SoakReport {

    static final String BEGIN = "<!-- soak:begin (written by bin/soak) -->";
    static final String END = "<!-- soak:end -->";

    private SoakReport() {}

    static String markdown(Soak.Outcome o) {
        SoakReckoning.Result r = o.result();
        CallbackLedger.Stats s = o.stats();
        StringBuilder md = new StringBuilder();
        md.append("Machine: ").append(machine()).append(". Run started ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(o.loadStarted()))
                .append("; load average at the end ").append(loadAverage()).append(".\n\n");
        md.append("| figure | value |\n|---|---|\n");
        row(md, "load", minutes(o.loadRan()) + " of changes and chaos, then a drain of " + seconds(o.drained())
                + (o.drainTimedOut() ? " (**timed out**)" : ""));
        row(md, "instances", o.config().instances() + " (" + o.instancesByResource() + "), callbacks " + o.instancesByBehaviour());
        row(md, "changes made in the sandbox", r.changes() + String.format(Locale.ROOT, " (%.0f/min; customers and products)",
                o.changesPerMinute()));
        row(md, "deliveries owed (change × instance polling it)", Long.toString(r.owed()));
        row(md, "delivered", r.delivered() + " (" + r.superseded() + " of them through a later version of the record)");
        row(md, "**lost**", "**" + r.lost() + "**");
        row(md, "events received (accepted with 2xx)", s.events() + " in " + s.notifications() + " notifications");
        row(md, "event ids delivered more than once", s.repeatedEventIds() + " (" + s.extraCopies() + " extra copies)");
        row(md, "**ids with different bodies**", "**" + s.differentBodies() + "**");
        row(md, "change → callback latency", "p50 " + seconds(r.percentile(50)) + ", p99 " + seconds(r.percentile(99))
                + ", max " + seconds(r.percentile(100)));
        row(md, "latency by kind of callback", o.resultByBehaviour().entrySet().stream()
                .map(e -> e.getKey() + " p50 " + seconds(e.getValue().percentile(50)) + ", p99 " + seconds(e.getValue().percentile(99)))
                .collect(Collectors.joining("; ")));
        row(md, "service processes killed (SIGKILL)", Long.toString(o.serviceKills()));
        row(md, "service processes that exited on their own (started again)", o.ownExits() + (o.ownExits() > 0
                ? " (see the timeline; status 3 is the JVM's exit on an OutOfMemoryError)" : ""));
        row(md, "broker / Redis restarts", count(o.chaos(), "broker") + " / " + count(o.chaos(), "Redis"));
        row(md, "receiver answers by status (0 = too late)", o.answers().toString());
        md.append("\nChaos timeline (seconds from the start of the load):\n\n");
        o.chaos().forEach(step -> md.append("- ").append(step).append('\n'));
        if (!o.chaosFailures().isEmpty()) {
            md.append("\nChaos steps that failed: ").append(o.chaosFailures()).append('\n');
        }
        if (!r.lostExamples().isEmpty()) {
            md.append("\nLost (first ").append(r.lostExamples().size()).append("):\n\n");
            r.lostExamples().forEach(l -> md.append("- `").append(l).append("`\n"));
        }
        return md.toString();
    }

    /** Replaces the soak section of {@code doc}, or appends one. */
    static void writeInto(Path doc, String section) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        String block = BEGIN + "\n" + section + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + block + text.substring(end + END.length())
                : text + (text.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder md, String figure, String value) {
        md.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }

    private static long count(List<String> steps, String what) {
        return steps.stream().filter(s -> s.contains(what) && !s.contains("receiver")).count();
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%.1f min", d.toSeconds() / 60.0);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** {@code nproc}, RAM and CPU model, read from the OS as the brief asks. */
    static String machine() {
        int cpus = Runtime.getRuntime().availableProcessors();
        String ram = firstLine(Path.of("/proc/meminfo"), "MemTotal:")
                .map(l -> String.format(Locale.ROOT, "%.0f GiB RAM", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("RAM unknown");
        String model = firstLine(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("CPU unknown");
        return cpus + " CPUs (nproc; " + model + "), " + ram + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> firstLine(Path file, String prefix) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
