package com.sage200events.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IdChunksTest {

    @Test
    void sparseAndDenseChunksRoundTripAndAnswerMembership() {
        TreeSet<Long> ids = new TreeSet<>();
        Random random = new Random(14);
        for (long id = 1_001; id < 21_001; id++) {
            ids.add(id); // dense: bitmaps
        }
        while (ids.size() < 25_000) {
            ids.add((long) random.nextInt(Integer.MAX_VALUE)); // sparse: arrays
        }
        IdChunks.IdList list = new IdChunks.IdList();
        ids.forEach(list::append);
        Map<Long, byte[]> chunks = IdChunks.encode(list.array(), list.size());
        assertThat(chunks.get(0L)).hasSize(IdChunks.BITMAP_BYTES);
        assertThat(chunks.values()).anyMatch(c -> c.length == 2);

        List<Long> decoded = new ArrayList<>();
        chunks.forEach((chunk, bytes) -> IdChunks.forEachId(chunk, bytes, decoded::add));
        assertThat(decoded).containsExactlyElementsOf(ids);
        for (int i = 0; i < 2_000; i++) {
            long probe = random.nextBoolean() ? random.nextInt(30_000) : random.nextInt(Integer.MAX_VALUE);
            assertThat(IdChunks.contains(chunks.get(IdChunks.chunkOf(probe)), IdChunks.lowOf(probe))).as("id %d", probe)
                    .isEqualTo(ids.contains(probe));
        }
    }

    @Test
    void addingTurnsAnArrayIntoABitmapAtTheThresholdAndKeepsEveryId() {
        byte[] chunk = IdChunks.add(null, new int[] {5, 3, 3});
        assertThat(chunk).hasSize(4);
        int[] many = new int[IdChunks.ARRAY_MAX];
        for (int i = 0; i < many.length; i++) {
            many[i] = 10 + i;
        }
        chunk = IdChunks.add(chunk, many);
        assertThat(chunk).as("%d ids", IdChunks.ARRAY_MAX + 2).hasSize(IdChunks.BITMAP_BYTES);
        for (int low : new int[] {3, 5, 10, 10 + IdChunks.ARRAY_MAX - 1}) {
            assertThat(IdChunks.contains(chunk, low)).isTrue();
        }
        assertThat(IdChunks.contains(chunk, 4)).isFalse();
    }

    @Test
    void missingFromIsTheSetDifferenceAndOrderIsEnforced() {
        IdChunks.IdList known = new IdChunks.IdList();
        IdChunks.IdList inSage = new IdChunks.IdList();
        for (long id : new long[] {1, 2, 5, 9, 12}) {
            known.append(id);
        }
        for (long id : new long[] {2, 3, 9, 13}) {
            inSage.append(id);
        }
        assertThat(known.missingFrom(inSage)).containsExactly(1L, 5L, 12L);
        assertThatThrownBy(() -> inSage.append(13)).isInstanceOf(IllegalArgumentException.class);
    }
}
