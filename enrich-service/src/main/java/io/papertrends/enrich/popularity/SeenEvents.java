package io.papertrends.enrich.popularity;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 64-bit hashes of the event ids counted for one paper in one time bucket: an open-addressing
 * set of longs, kept live between commits like the panes and stored as its members.
 */
final class SeenEvents {
    private static final int MIN_CAPACITY = 8;
    private long[] slots;
    private int size;
    private boolean hasZero;

    SeenEvents() {
        slots = new long[MIN_CAPACITY];
    }

    /** Adds {@code hash}; false when it was there already (the event was counted before). */
    boolean add(long hash) {
        if (hash == 0) {
            // 0 marks a free slot: the hash 0 is kept aside.
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        if ((size + 1) * 4 > slots.length * 3) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) (mix(hash) & mask);
        while (slots[i] != 0) {
            if (slots[i] == hash) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = hash;
        size++;
        return true;
    }

    boolean contains(long hash) {
        if (hash == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        int i = (int) (mix(hash) & mask);
        while (slots[i] != 0) {
            if (slots[i] == hash) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long h : slots) {
            if (h != 0) {
                int mask = bigger.length - 1;
                int i = (int) (mix(h) & mask);
                while (bigger[i] != 0) {
                    i = (i + 1) & mask;
                }
                bigger[i] = h;
            }
        }
        slots = bigger;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    int size() {
        return size;
    }

    /** Bytes it holds on the heap, for the write-back store's budget. */
    long weight() {
        return 48L + 8L * slots.length;
    }

    /** Its members: a count, then each hash. */
    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(4 + 8 * size);
        out.putInt(size);
        if (hasZero) {
            out.putLong(0);
        }
        for (long h : slots) {
            if (h != 0) {
                out.putLong(h);
            }
        }
        return out.array();
    }

    static SeenEvents fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int n = in.getInt();
        SeenEvents set = new SeenEvents();
        int capacity = MIN_CAPACITY;
        while (capacity * 3 < n * 4 + 4) {
            capacity *= 2;
        }
        set.slots = new long[capacity];
        for (int i = 0; i < n; i++) {
            set.add(in.getLong());
        }
        return set;
    }

    @Override
    public String toString() {
        return "SeenEvents[" + size + "]" + (size < 8 ? Arrays.toString(slots) : "");
    }
}
