package com.sage200events.bench;

import java.time.LocalDate;
import java.util.Locale;

/** The header every benchmark prints, so a figure always travels with its machine and date. */
public final class BenchReport {

    private BenchReport() {
    }

    public static String header(String name) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "== %s  |  %s  |  %d cores, %d MiB max heap, Java %s, %s %s",
                name, LocalDate.now(), rt.availableProcessors(), rt.maxMemory() >> 20,
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
