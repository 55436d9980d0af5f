package com.sage200events.dispatcher.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Several {@link OutcomeWriter}s, each with its own thread and Redis pipeline, sharing the outcomes by
 * notification id: one writer was the dispatcher's bottleneck (issue 12), and sharding by id keeps what must stay
 * in order in order (a job's admission before its outcome; a retry entry's writes).
 */
final class OutcomeWriters {

    /**
     * Each writer spends most of its time waiting for its pipeline's answer, so several keep Redis busy; on the
     * 2-core bench machine two still left a backlog of 15,000 outcomes at 8,800 events/s (docs/BENCHMARKS.md).
     */
    static final int COUNT = 4;

    private final List<OutcomeWriter> writers;

    OutcomeWriters(int count, Supplier<OutcomeWriter> factory) {
        this.writers = IntStream.range(0, count).mapToObj(i -> factory.get()).toList();
    }

    void submit(Outcome outcome) {
        writers.get(Math.floorMod(outcome.job().id().hashCode(), writers.size())).submit(outcome);
    }

    List<OutcomeWriter> all() {
        return writers;
    }

    boolean healthy(Duration patience) {
        return writers.stream().allMatch(w -> w.healthy(patience));
    }

    int backlog() {
        return writers.stream().mapToInt(OutcomeWriter::backlog).sum();
    }
}
