package io.papertrends.enrich.popularity;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per paper: for each window spec, the range of window ends still owed a final value, and
 * whether (since which event time) the paper changed after its last emitted update.
 */
final class PaperState {
    static final long NONE = Long.MIN_VALUE;

    final long[] pendingFrom;
    final long[] pendingTo;
    long dirtyFrom = NONE;
    long dirtyTo = NONE;

    PaperState(int specs) {
        pendingFrom = new long[specs];
        pendingTo = new long[specs];
        Arrays.fill(pendingFrom, NONE);
        Arrays.fill(pendingTo, NONE);
    }

    boolean dirty() {
        return dirtyFrom != NONE;
    }

    boolean idle() {
        for (long p : pendingFrom) {
            if (p != NONE) {
                return false;
            }
        }
        return !dirty();
    }

    /** Approximate heap bytes. */
    long weight() {
        return 48 + 32L * pendingFrom.length;
    }

    byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(4 + 16 * pendingFrom.length + 16);
        buf.putInt(pendingFrom.length);
        for (int i = 0; i < pendingFrom.length; i++) {
            buf.putLong(pendingFrom[i]).putLong(pendingTo[i]);
        }
        buf.putLong(dirtyFrom).putLong(dirtyTo);
        return buf.array();
    }

    static PaperState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        PaperState s = new PaperState(buf.getInt());
        for (int i = 0; i < s.pendingFrom.length; i++) {
            s.pendingFrom[i] = buf.getLong();
            s.pendingTo[i] = buf.getLong();
        }
        s.dirtyFrom = buf.getLong();
        s.dirtyTo = buf.getLong();
        return s;
    }
}
