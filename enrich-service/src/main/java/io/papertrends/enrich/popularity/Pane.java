package io.papertrends.enrich.popularity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * Activity of one paper in one pane (a tumbling slice of event time, as long as the window's
 * advance): events per type, events without a reader id, and the distinct readers.
 *
 * <p>Readers are kept exactly (sorted 64-bit hashes) up to {@value #EXACT_LIMIT}; beyond that in
 * a HyperLogLog sketch (DataSketches, lgK {@value #LG_K}, ≈2.3 % relative error) on the heap
 * (updates cost less than half of what they cost on a sketch over a serialized image), stored in
 * its compact form. Windows are unions of panes; a reader seen in several panes counts once.
 */
final class Pane {
    static final int LG_K = 11;
    static final int EXACT_LIMIT = 256;
    private static final long SEED = 9001L;
    private static final byte FORMAT = 2;
    private static final long[] NONE = new long[0];

    final long[] counts = new long[EventCounts.TYPES];
    long anonymous;
    private long[] hashes = NONE;
    private int size;
    private HllSketch hll;

    /** Hash of a reader id, computed once per event and shared by its panes; null for anonymous events. */
    static Long readerHash(String userId) {
        return userId == null || userId.isEmpty() ? null : MurmurHash3.hash(userId.getBytes(StandardCharsets.UTF_8), SEED)[0];
    }

    void add(int type, Long readerHash) {
        counts[type]++;
        if (readerHash == null) {
            anonymous++;
            return;
        }
        addReader(readerHash);
    }

    private void addReader(long h) {
        if (hll != null) {
            hll.update(h);
            return;
        }
        int i = Arrays.binarySearch(hashes, 0, size, h);
        if (i >= 0) {
            return;
        }
        int at = -(i + 1);
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, Math.max(8, size * 2));
        }
        System.arraycopy(hashes, at, hashes, at + 1, size - at);
        hashes[at] = h;
        size++;
        if (size > EXACT_LIMIT) {
            hll = new HllSketch(LG_K, TgtHllType.HLL_8);
            for (int k = 0; k < size; k++) {
                hll.update(hashes[k]);
            }
            hashes = NONE;
            size = 0;
        }
    }

    long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Approximate heap bytes. */
    long weight() {
        return 16 + 8L * (EventCounts.TYPES + 1) + 16 + 8L * hashes.length + (hll == null ? 0 : 64 + hll.getUpdatableSerializationBytes());
    }

    byte[] toBytes() {
        byte[] image = hll != null ? hll.toCompactByteArray() : null;
        int body = image != null ? image.length : 8 * size;
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 * (EventCounts.TYPES + 1) + 1 + 4 + body);
        buf.put(FORMAT);
        for (long c : counts) {
            buf.putLong(c);
        }
        buf.putLong(anonymous);
        if (hll != null) {
            buf.put((byte) 1).putInt(image.length).put(image);
        } else {
            buf.put((byte) 0).putInt(size);
            for (int k = 0; k < size; k++) {
                buf.putLong(hashes[k]);
            }
        }
        return buf.array();
    }

    static Pane fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown pane format " + format);
        }
        Pane p = new Pane();
        for (int i = 0; i < EventCounts.TYPES; i++) {
            p.counts[i] = buf.getLong();
        }
        p.anonymous = buf.getLong();
        byte mode = buf.get();
        int n = buf.getInt();
        if (mode == 1) {
            // Any serialized form of the sketch (earlier versions stored the updatable image).
            p.hll = HllSketch.heapify(Memory.wrap(bytes).region(buf.position(), n));
        } else {
            p.hashes = new long[Math.max(n, 8)];
            for (int k = 0; k < n; k++) {
                p.hashes[k] = buf.getLong();
            }
            p.size = n;
        }
        return p;
    }

    /**
     * Sum of panes: counts add up, readers are unioned. While every pane holds exact readers and
     * their union stays within {@value #EXACT_UNION_LIMIT}, the union is an exact hash set (cheaper
     * than feeding a sketch one hash at a time, and exact); beyond that, or once a pane holds a
     * sketch, a HyperLogLog union.
     */
    static final class Sum {
        static final int EXACT_UNION_LIMIT = 4096;

        final long[] counts = new long[EventCounts.TYPES];
        long anonymous;
        private Union union;
        private long[] exact;
        private int exactSize;
        private boolean exactHasZero;

        void add(Pane pane) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += pane.counts[i];
            }
            anonymous += pane.anonymous;
            if (pane.hll != null) {
                toSketch().update(pane.hll);
            } else if (union != null) {
                for (int k = 0; k < pane.size; k++) {
                    union.update(pane.hashes[k]);
                }
            } else {
                for (int k = 0; k < pane.size; k++) {
                    addExact(pane.hashes[k]);
                }
                if (exactSize > EXACT_UNION_LIMIT) {
                    toSketch();
                }
            }
        }

        private void addExact(long h) {
            if (h == 0) {
                exactHasZero = true;
                return;
            }
            if (exact == null) {
                exact = new long[64];
            } else if (2 * (exactSize + 1) > exact.length) {
                long[] old = exact;
                exact = new long[old.length * 2];
                exactSize = 0;
                for (long o : old) {
                    if (o != 0) {
                        insert(o);
                    }
                }
            }
            insert(h);
        }

        private void insert(long h) {
            int mask = exact.length - 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (exact[i] != 0) {
                if (exact[i] == h) {
                    return;
                }
                i = (i + 1) & mask;
            }
            exact[i] = h;
            exactSize++;
        }

        private Union toSketch() {
            if (union == null) {
                union = new Union(LG_K);
                if (exact != null) {
                    for (long h : exact) {
                        if (h != 0) {
                            union.update(h);
                        }
                    }
                }
                if (exactHasZero) {
                    union.update(0L);
                }
                exact = null;
                exactSize = 0;
                exactHasZero = false;
            }
            return union;
        }

        long total() {
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            return t;
        }

        /** Distinct readers: the union's size (exact or estimated) plus one per event without a reader id. */
        long readers() {
            if (union != null) {
                return anonymous + Math.round(union.getEstimate());
            }
            return anonymous + exactSize + (exactHasZero ? 1 : 0);
        }
    }
}
