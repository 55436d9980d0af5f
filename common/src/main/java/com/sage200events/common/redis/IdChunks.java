package com.sage200events.common.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The compact encoding of a set of non-negative record ids that {@link KnownIds} keeps in a Redis hash: ids are
 * split by their high bits into chunks of 65,536 ({@code id >>> 16} is the hash field) and each chunk holds its low
 * 16 bits either as a sorted array of 2-byte big-endian values (fewer than 4,096 ids: 2 bytes an id) or, from 4,096
 * ids on, as an 8,192-byte bitmap (1 bit per possible id). Dense ids, as Sage's sequential ids are, cost about one
 * bit each; sparse ones at most 2 bytes plus the chunk's hash field. The idea is that of roaring bitmaps; the code is
 * ours and only does what the reconciliation needs.
 */
public final class IdChunks {

    /** Ids per chunk: the low 16 bits. */
    static final int CHUNK_BITS = 16;
    /** A chunk's size as a bitmap, in bytes; an array chunk is always shorter. */
    static final int BITMAP_BYTES = (1 << CHUNK_BITS) / 8;
    /** From this many ids on a chunk is a bitmap (an array of as many would be as long as the bitmap). */
    static final int ARRAY_MAX = BITMAP_BYTES / 2 - 1;

    private IdChunks() {
    }

    /** The hash field of an id's chunk. */
    static long chunkOf(long id) {
        return id >>> CHUNK_BITS;
    }

    static int lowOf(long id) {
        return (int) (id & 0xFFFF);
    }

    /**
     * Encodes ascending, distinct, non-negative ids.
     *
     * @return chunk number → chunk bytes, in ascending chunk order
     */
    static Map<Long, byte[]> encode(long[] sortedIds, int count) {
        Map<Long, byte[]> chunks = new LinkedHashMap<>();
        int from = 0;
        while (from < count) {
            long chunk = chunkOf(sortedIds[from]);
            int to = from;
            while (to < count && chunkOf(sortedIds[to]) == chunk) {
                to++;
            }
            int[] lows = new int[to - from];
            for (int i = from; i < to; i++) {
                lows[i - from] = lowOf(sortedIds[i]);
            }
            chunks.put(chunk, fromLows(lows, lows.length));
            from = to;
        }
        return chunks;
    }

    /** Whether {@code chunk} (null: an empty chunk) holds the low bits {@code low}. */
    static boolean contains(byte[] chunk, int low) {
        if (chunk == null) {
            return false;
        }
        if (chunk.length == BITMAP_BYTES) {
            return (chunk[low >>> 3] & (1 << (low & 7))) != 0;
        }
        int lo = 0;
        int hi = chunk.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int value = at(chunk, mid);
            if (value == low) {
                return true;
            }
            if (value < low) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    /** {@code chunk} (null: empty) with {@code lows} added; {@code lows} need not be sorted or distinct. */
    static byte[] add(byte[] chunk, int[] lows) {
        boolean[] present = new boolean[1 << CHUNK_BITS];
        int[] n = {0};
        if (chunk != null) {
            forEachLow(chunk, low -> {
                present[low] = true;
                n[0]++;
            });
        }
        int count = n[0];
        for (int low : lows) {
            if (!present[low]) {
                present[low] = true;
                count++;
            }
        }
        int[] all = new int[count];
        int i = 0;
        for (int low = 0; low < present.length; low++) {
            if (present[low]) {
                all[i++] = low;
            }
        }
        return fromLows(all, count);
    }

    /** Calls {@code consumer} with every id of chunk number {@code chunkNumber}, ascending. */
    static void forEachId(long chunkNumber, byte[] chunk, LongConsumer consumer) {
        long high = chunkNumber << CHUNK_BITS;
        forEachLow(chunk, low -> consumer.accept(high | low));
    }

    private static void forEachLow(byte[] chunk, java.util.function.IntConsumer consumer) {
        if (chunk.length == BITMAP_BYTES) {
            for (int b = 0; b < BITMAP_BYTES; b++) {
                int bits = chunk[b] & 0xFF;
                while (bits != 0) {
                    int bit = Integer.numberOfTrailingZeros(bits);
                    consumer.accept(b * 8 + bit);
                    bits &= bits - 1;
                }
            }
            return;
        }
        for (int i = 0; i < chunk.length / 2; i++) {
            consumer.accept(at(chunk, i));
        }
    }

    /** A chunk of ascending distinct lows, as an array or (from {@link #ARRAY_MAX} + 1 on) a bitmap. */
    private static byte[] fromLows(int[] lows, int count) {
        if (count > ARRAY_MAX) {
            byte[] bitmap = new byte[BITMAP_BYTES];
            for (int i = 0; i < count; i++) {
                bitmap[lows[i] >>> 3] |= (byte) (1 << (lows[i] & 7));
            }
            return bitmap;
        }
        byte[] array = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            array[2 * i] = (byte) (lows[i] >>> 8);
            array[2 * i + 1] = (byte) lows[i];
        }
        return array;
    }

    private static int at(byte[] array, int index) {
        return ((array[2 * index] & 0xFF) << 8) | (array[2 * index + 1] & 0xFF);
    }

    /** A growable ascending list of ids, as a reconciliation reads them from Sage (8 bytes an id while it runs). */
    public static final class IdList {
        private long[] ids = new long[1024];
        private int size;

        /** @throws IllegalArgumentException for a negative id or one not above the previous (Sage's order broke) */
        public void append(long id) {
            if (id < 0 || size > 0 && id <= ids[size - 1]) {
                throw new IllegalArgumentException("ids must be ascending and non-negative: " + id + " after "
                        + (size == 0 ? "none" : Long.toString(ids[size - 1])));
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        public int size() {
            return size;
        }

        public long get(int index) {
            return ids[index];
        }

        /** The ids of this list that {@code other} lacks, ascending (one merge walk over both). */
        public List<Long> missingFrom(IdList other) {
            List<Long> missing = new ArrayList<>();
            int j = 0;
            for (int i = 0; i < size; i++) {
                while (j < other.size && other.ids[j] < ids[i]) {
                    j++;
                }
                if (j == other.size || other.ids[j] != ids[i]) {
                    missing.add(ids[i]);
                }
            }
            return missing;
        }

        public long last() {
            return ids[size - 1];
        }

        public boolean contains(long id) {
            return Arrays.binarySearch(ids, 0, size, id) >= 0;
        }

        long[] array() {
            return ids;
        }
    }
}
