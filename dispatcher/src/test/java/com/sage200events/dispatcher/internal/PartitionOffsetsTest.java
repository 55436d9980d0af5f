package com.sage200events.dispatcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
