package com.sage200events.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    @Test
    void commitsOnlyBelowTheLowestUnfinishedRecord() {
        PartitionOffsets offsets = new PartitionOffsets();
        assertThat(offsets.committable()).isEmpty();
        offsets.started(10);
        offsets.started(11);
        offsets.started(12);
        offsets.finished(11);
        offsets.finished(12);
        assertThat(offsets.committable()).hasValue(10);
        offsets.committed(10);
        assertThat(offsets.committable()).as("nothing new is safe").isEmpty();
        offsets.finished(10);
        assertThat(offsets.committable()).hasValue(13);
        assertThat(offsets.pendingCount()).isZero();
    }

    @Test
    void readingTheCommittableOffsetWhileTheLastRecordFinishesDoesNotFail() throws Exception {
        // Found by DispatcherBench: the consumer thread saw one unfinished record, an outcome writer finished it, and
        // reading the lowest then threw NoSuchElementException, which ended the delivery loop.
        PartitionOffsets offsets = new PartitionOffsets();
        offsets.started(0);
        AtomicBoolean stop = new AtomicBoolean();
        Thread finisher = new Thread(() -> {
            // Empties and refills the set as fast as it can, so it is often emptied between a check and a read.
            while (!stop.get()) {
                offsets.finished(0);
                offsets.started(0);
            }
        });
        finisher.start();
        try {
            for (int i = 0; i < 2_000_000; i++) {
                assertThat(offsets.committable().orElse(0)).isBetween(0L, 1L);
            }
        } finally {
            stop.set(true);
            finisher.join();
        }
    }
}
