package com.sage200events.dispatcher.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Several {@link OutcomeWriter}s, each with its own thread and Redis pipeline, sharing the outcomes by instance:
 * one writer was the dispatcher's bottleneck (issue 12). An instance's outcomes all go through one writer, which
 * keeps what must stay in order in order (a job's admission before its outcome; a retry entry's writes) and gathers
 * an instance's receipts into one script call per batch (sharded by notification id, a batch held a couple of
 * receipts per instance, and each script call cost Redis more than the receipts in it).
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
        writers.get(Math.floorMod(Long.hashCode(outcome.job().notification.instanceId()), writers.size())).submit(outcome);
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
