package com.sage200events.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent by this JVM between two instants, in total and by thread group, so a benchmark can report CPU
 * per unit of work: on shared cores wall-clock rates swing with other people's load, CPU per record much less.
 * A group is a thread's name with its digits dropped ({@code kafka-producer-network-thread | bench}, {@code
 * HttpClient-@-SelectorManager}, …). Threads that end between the two snapshots lose their share of the groups
 * (the process total still has it).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long processStart;
    private final long kernelTicksStart;
    private final long ticksStart;
    private final Map<Long, Long> threadStart;
    private final Map<String, Long> taskStart;

    private CpuMeter(long processStart, long[] ticks, Map<Long, Long> threadStart, Map<String, Long> taskStart) {
        this.taskStart = taskStart;
        this.processStart = processStart;
        this.kernelTicksStart = ticks[1];
        this.ticksStart = ticks[0] + ticks[1];
        this.threadStart = threadStart;
    }

    /** Starts measuring now. */
    static CpuMeter start() {
        return new CpuMeter(processCpuNanos(), userKernelTicks(), threadCpu(), taskTicks());
    }

    /**
     * The CPU used since {@link #start()}: process nanoseconds, the kernel's share of it (system calls, scheduling;
     * NaN where /proc is missing), and nanoseconds by thread group, largest first.
     */
    Usage stop() {
        long process = processCpuNanos() - processStart;
        long[] ticks = userKernelTicks();
        long spentTicks = ticks[0] + ticks[1] - ticksStart;
        double kernelShare = ticks[0] < 0 || spentTicks <= 0 ? Double.NaN : (ticks[1] - kernelTicksStart) / (double) spentTicks;
        Map<String, Long> groups = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - threadStart.getOrDefault(info.getThreadId(), 0L);
            groups.merge(group(info.getThreadName()), used, Long::sum);
        }
        Map<String, Long> sorted = groups.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        Map<String, Long> tasks = new HashMap<>();
        taskTicks().forEach((task, ticksNow) -> {
            String name = task.substring(task.indexOf(' ') + 1);
            tasks.merge(group(name), (ticksNow - taskStart.getOrDefault(task, 0L)) * NANOS_PER_TICK, Long::sum);
        });
        return new Usage(process, kernelShare, sorted, sortedByValue(tasks));
    }

    // USER_HZ is 100 on every Linux this runs on; /proc reports thread CPU in those ticks.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static Map<String, Long> sortedByValue(Map<String, Long> groups) {
        return groups.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * Every thread of this process as the kernel sees it, the JVM's own (GC, JIT compiler) included: "tid name" to
     * user plus kernel ticks; the name is the kernel's, cut to 15 characters. Empty without /proc.
     */
    private static Map<String, Long> taskTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException gone) {
                    // The thread ended while we listed them.
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return ticks;
    }

    /**
     * CPU used: {@code processNanos} by the whole JVM, {@code kernelShare} of it in the kernel (0..1), {@code byGroup}
     * by live threads grouped by name, {@code byKernelThread} by every thread grouped by its kernel name.
     */
    record Usage(long processNanos, double kernelShare, Map<String, Long> byGroup, Map<String, Long> byKernelThread) {

        /** Like {@link #topGroups}, from the kernel's view of every thread, the JVM's own included (10 ms ticks). */
        String topKernelThreads(int top, long units) {
            return byKernelThread.entrySet().stream().limit(top)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e3 / units))
                    .collect(Collectors.joining(", "));
        }

        /** Microseconds of process CPU per unit of work. */
        double microsPer(long units) {
            return processNanos / 1e3 / units;
        }

        /** The {@code top} largest groups as "name µs/unit" items. */
        String topGroups(int top, long units) {
            return byGroup.entrySet().stream().limit(top)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e3 / units))
                    .collect(Collectors.joining(", "));
        }

        /** Microseconds per unit of the groups whose name contains {@code part}. */
        double groupMicrosPer(String part, long units) {
            return byGroup.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToLong(Map.Entry::getValue).sum() / 1e3 / units;
        }
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    private static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "#");
    }

    /** This process's user and kernel CPU in clock ticks (/proc/self/stat fields 14 and 15), or -1s without /proc. */
    private static long[] userKernelTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may hold spaces, so fields are counted after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** CPU time of this JVM in nanoseconds, all threads (the broker and nginx, where they run apart, not included). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
