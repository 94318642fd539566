package io.papertrends.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A window store with a write-back cache of live values, one per key and window start (see
 * {@link WriteBackStore}); queries read the committed values. Values of expired windows age
 * out of the cache by its byte budget and out of the store by its retention.
 */
public final class WindowWriteBackStore<K, V> extends WriteBackStore<WindowStore<K, V>, WindowWriteBackStore.At<K>, V>
        implements ReadOnlyWindowStore<K, V> {
    /** Kafka Streams keeps a window store's changelog this long beyond the store's retention. */
    static final Duration CHANGELOG_EXTRA_RETENTION = Duration.ofDays(1);

    /** A key at a window start. */
    public record At<K>(K key, long time) { }

    /**
     * Cached entries by key, then window start: a key's windows are found with one hash lookup
     * and a binary search, and a range of them (a window's panes) with one lookup in all.
     */
    static final class SlotIndex<K, V> implements Index<At<K>, V> {
        private final HashMap<K, Slots<K, V>> byKey = new HashMap<>(1024);
        private int size;

        Slots<K, V> slots(K key) {
            return byKey.get(key);
        }

        @Override
        public Entry<At<K>, V> get(At<K> at) {
            Slots<K, V> slots = byKey.get(at.key());
            return slots == null ? null : slots.get(at.time());
        }

        @Override
        public void put(Entry<At<K>, V> e) {
            if (byKey.computeIfAbsent(e.key.key(), k -> new Slots<>()).insert(e)) {
                size++;
            }
        }

        @Override
        public void remove(Entry<At<K>, V> e) {
            Slots<K, V> slots = byKey.get(e.key.key());
            if (slots != null && slots.remove(e)) {
                size--;
                if (slots.size == 0) {
                    byKey.remove(e.key.key());
                }
            }
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Collection<Entry<At<K>, V>> entries() {
            List<Entry<At<K>, V>> all = new ArrayList<>(size);
            for (Slots<K, V> slots : byKey.values()) {
                all.addAll(Arrays.asList(slots.entries).subList(0, slots.size));
            }
            return all;
        }

        @Override
        public void clear() {
            byKey.clear();
            size = 0;
        }
    }

    /** One key's cached entries, sorted by window start. */
    static final class Slots<K, V> {
        private long[] times = new long[4];
        @SuppressWarnings("unchecked")
        private Entry<At<K>, V>[] entries = new Entry[4];
        private int size;

        Entry<At<K>, V> get(long time) {
            int i = Arrays.binarySearch(times, 0, size, time);
            return i >= 0 ? entries[i] : null;
        }

        /** Adds or replaces the entry at its window start; true when added. */
        boolean insert(Entry<At<K>, V> e) {
            int i = Arrays.binarySearch(times, 0, size, e.key.time());
            if (i >= 0) {
                entries[i] = e;
                return false;
            }
            int at = -(i + 1);
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                entries = Arrays.copyOf(entries, size * 2);
            }
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(entries, at, entries, at + 1, size - at);
            times[at] = e.key.time();
            entries[at] = e;
            size++;
            return true;
        }

        boolean remove(Entry<At<K>, V> e) {
            int i = Arrays.binarySearch(times, 0, size, e.key.time());
            if (i < 0 || entries[i] != e) {
                return false;
            }
            System.arraycopy(times, i + 1, times, i, size - i - 1);
            System.arraycopy(entries, i + 1, entries, i, size - i - 1);
            size--;
            entries[size] = null;
            return true;
        }
    }

    private final SlotIndex<K, V> index;

    private WindowWriteBackStore(WindowStore<K, V> store, ToLongFunction<V> weigher, long maxBytes) {
        this(store, weigher, maxBytes, new SlotIndex<>());
    }

    private WindowWriteBackStore(WindowStore<K, V> store, ToLongFunction<V> weigher, long maxBytes, SlotIndex<K, V> index) {
        super(store, weigher, maxBytes, index);
        this.index = index;
    }

    /**
     * A builder of such a store over {@code supplier}, holding at most about {@code maxBytes} of
     * live values. Its changelog is compacted and deleted by age, like Kafka Streams' window
     * stores' changelogs (retention plus one day).
     */
    public static <K, V> StoreBuilder<WindowWriteBackStore<K, V>> builder(WindowBytesStoreSupplier supplier, Serde<K> keySerde,
                                                                          Serde<V> valueSerde, ToLongFunction<V> weigher, long maxBytes) {
        StoreBuilder<WindowStore<K, V>> inner = Stores.windowStoreBuilder(supplier, keySerde, valueSerde)
                .withLoggingEnabled(Map.of("cleanup.policy", "compact,delete",
                        "retention.ms", Long.toString(supplier.retentionPeriod() + CHANGELOG_EXTRA_RETENTION.toMillis())));
        return WriteBackStore.builder(inner, store -> new WindowWriteBackStore<>(store, weigher, maxBytes));
    }

    public V live(K key, long windowStart) {
        return value(new At<>(key, windowStart));
    }

    /**
     * Calls {@code action} with the live value of {@code key} at each window start {@code from},
     * {@code from + step}, … before {@code to} that has one, in order: one hash lookup for all
     * that are cached.
     */
    public void forEachLive(K key, long from, long to, long step, Consumer<V> action) {
        Slots<K, V> slots = index.slots(key);
        for (long t = from; t < to; t += step) {
            Entry<At<K>, V> e = slots == null ? null : slots.get(t);
            if (e == null) {
                e = add(new At<>(key, t), true);
                slots = index.slots(key);
            }
            touch(e);
            if (e.value != null) {
                action.accept(e.value);
            }
        }
        evict();
    }


    public void update(K key, long windowStart, V value) {
        set(new At<>(key, windowStart), value);
    }

    /** Changes the value in place ({@code create} makes it when absent), with one lookup; see {@link WriteBackStore#change}. */
    public V change(K key, long windowStart, Supplier<V> create, Consumer<V> change) {
        return change(new At<>(key, windowStart), create, change);
    }

    @Override
    protected V load(WindowStore<K, V> store, At<K> at) {
        return store.fetch(at.key(), at.time());
    }

    @Override
    protected void store(WindowStore<K, V> store, At<K> at, V value) {
        store.put(at.key(), value, at.time());
    }

    @Override
    public V fetch(K key, long time) {
        return wrapped().fetch(key, time);
    }

    @Override
    public WindowStoreIterator<V> fetch(K key, Instant from, Instant to) {
        return wrapped().fetch(key, from, to);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetch(K keyFrom, K keyTo, Instant from, Instant to) {
        return wrapped().fetch(keyFrom, keyTo, from, to);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetchAll(Instant from, Instant to) {
        return wrapped().fetchAll(from, to);
    }
}
