package io.papertrends.streams;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A write-back cache of live objects in front of a Kafka Streams store, for processors that
 * change the same few values many times per commit interval (counters, sketches).
 *
 * <p>Kafka Streams' own record cache holds serialized bytes in a sorted map, so every update
 * of a value pays a deserialization, a serialization and byte-array comparisons. Here a
 * processor reads a value once, changes the object in place and sets it back; changed values
 * reach the store — and through it the changelog, inside the current transaction — when Kafka
 * Streams flushes its caches before each commit, or when the cache evicts them. So with
 * exactly-once processing a commit never covers input whose effect is still only in memory.
 *
 * <p>Rules for the processor: {@link #value} returns the cached instance; whoever changes it
 * must {@link #set} it back in the same processing step. Only the stream thread that processes
 * the task may use {@code value}/{@code set}. Interactive queries (the {@code ReadOnly*}
 * interfaces of the subclasses) read the store behind the cache: the values as of the last
 * commit.
 *
 * <p>Memory is bounded by a byte budget (the weigher's estimate of each value); beyond it the
 * least recently used values are written back and dropped.
 *
 * <p>The hook is Kafka Streams' {@code CachedStateStore#flushCache} (through
 * {@link WrappedStateStore}), the one its record cache uses; {@code WriteBackStoreTest} pins that
 * behaviour, so an upgrade that changes it fails the build instead of losing updates.
 */
public abstract class WriteBackStore<S extends StateStore, K, V> extends WrappedStateStore<S, K, V> {
    /** Rough per-entry overhead of the map, the entry and the key, added to the weigher's figure. */
    static final long ENTRY_OVERHEAD = 96;

    /** A cached value: loaded (possibly absent) or set, and whether it still has to be written back. */
    static final class Entry<K, V> {
        final K key;
        V value;
        long weight;
        long used;
        boolean dirty;

        Entry(K key) {
            this.key = key;
        }
    }

    /** How the cache finds its entries: a hash map by default; a store may index them its own way. */
    interface Index<K, V> {
        Entry<K, V> get(K key);

        void put(Entry<K, V> e);

        void remove(Entry<K, V> e);

        int size();

        Collection<Entry<K, V>> entries();

        void clear();
    }

    /**
     * A plain hash map: an access-ordered one relinks an entry on every read. Recency is a tick
     * per entry instead, and eviction (rare: it frees a tenth of the budget at once) sorts by it.
     */
    static final class HashIndex<K, V> implements Index<K, V> {
        private final HashMap<K, Entry<K, V>> map = new HashMap<>(1024);

        @Override
        public Entry<K, V> get(K key) {
            return map.get(key);
        }

        @Override
        public void put(Entry<K, V> e) {
            map.put(e.key, e);
        }

        @Override
        public void remove(Entry<K, V> e) {
            map.remove(e.key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Collection<Entry<K, V>> entries() {
            return map.values();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private final ToLongFunction<V> weigher;
    private final long maxBytes;
    private final Index<K, V> live;
    private long tick;
    private final List<Entry<K, V>> changed = new ArrayList<>();
    private long bytes;
    private long writes;

    protected WriteBackStore(S store, ToLongFunction<V> weigher, long maxBytes) {
        this(store, weigher, maxBytes, new HashIndex<>());
    }

    WriteBackStore(S store, ToLongFunction<V> weigher, long maxBytes, Index<K, V> index) {
        super(store);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the write-back cache needs a positive byte budget");
        }
        this.weigher = weigher;
        this.maxBytes = maxBytes;
        this.live = index;
    }

    /** Reads a value from the store behind the cache, or null. */
    protected abstract V load(S store, K key);

    /** Writes a value (null: deletes it) to the store behind the cache. */
    protected abstract void store(S store, K key, V value);

    /** The live value of {@code key}, or null. */
    protected final V value(K key) {
        V value = entry(key, true).value;
        evict();
        return value;
    }

    /**
     * Changes the live value of {@code key} in place ({@code create} makes it when absent) with a
     * single lookup, and marks it changed; returns it.
     */
    protected final V change(K key, Supplier<V> create, Consumer<V> change) {
        Entry<K, V> e = entry(key, true);
        if (e.value == null) {
            e.value = create.get();
        }
        change.accept(e.value);
        V value = e.value;
        changed(e);
        return value;
    }

    /** Sets the live value of {@code key} (null: deletes it); it reaches the store by the next commit. */
    protected final void set(K key, V value) {
        // No load: the stored value is replaced.
        Entry<K, V> e = entry(key, false);
        e.value = value;
        changed(e);
    }

    /**
     * Sets the live value of {@code key} and writes it to the store at once, so that the store's
     * own scans see the key before the next commit (a processor that finds keys by a range or
     * prefix scan of the store writes new keys through, and reads their values with {@link #value}).
     */
    protected final void setThrough(K key, V value) {
        Entry<K, V> e = entry(key, false);
        long weight = weigh(value);
        bytes += weight - e.weight;
        e.weight = weight;
        e.value = value;
        store(wrapped(), key, value);
        writes++;
        // A pending write of an older value would be repeated at the commit: harmless, the value is the same object.
        evict();
    }

    /** The entry of {@code key}, made (from the store when {@code load}) when absent; absent keys are cached too. */
    private Entry<K, V> entry(K key, boolean load) {
        Entry<K, V> e = live.get(key);
        if (e == null) {
            e = add(key, load);
        }
        touch(e);
        return e;
    }

    /** Makes and indexes the entry of {@code key}, known to be absent (from the store when {@code load}); not yet touched. */
    final Entry<K, V> add(K key, boolean load) {
        Entry<K, V> e = new Entry<>(key);
        if (load) {
            e.value = load(wrapped(), key);
            e.weight = weigh(e.value);
            bytes += e.weight;
        }
        live.put(e);
        return e;
    }

    /** Marks an entry as used now (for the least-recently-used order). */
    final void touch(Entry<K, V> e) {
        e.used = ++tick;
    }

    /** Re-weighs a changed entry and marks it to be written back. */
    private void changed(Entry<K, V> e) {
        long weight = weigh(e.value);
        bytes += weight - e.weight;
        e.weight = weight;
        if (!e.dirty) {
            e.dirty = true;
            changed.add(e);
        }
        evict();
    }

    private long weigh(V value) {
        return ENTRY_OVERHEAD + (value == null ? 0 : weigher.applyAsLong(value));
    }

    /** Live entries, for tests and metrics. */
    public final int size() {
        return live.size();
    }

    /** Estimated bytes of the live entries. */
    public final long bytes() {
        return bytes;
    }

    /** Values written to the store so far (at commits and evictions). */
    public final long writes() {
        return writes;
    }

    final void evict() {
        if (bytes <= maxBytes) {
            return;
        }
        // The least recently used first, down to nine tenths of the budget; the newest entry
        // stays even when it alone exceeds the budget: its caller still holds it.
        List<Entry<K, V>> byUse = new ArrayList<>(live.entries());
        byUse.sort(Comparator.comparingLong(e -> e.used));
        long target = maxBytes - maxBytes / 10;
        for (int i = 0; i < byUse.size() - 1 && bytes > target; i++) {
            Entry<K, V> e = byUse.get(i);
            writeBack(e);
            live.remove(e);
            bytes -= e.weight;
        }
    }

    private void writeBack(Entry<K, V> e) {
        if (e.dirty) {
            store(wrapped(), e.key, e.value);
            e.dirty = false;
            writes++;
        }
    }

    private void writeBackAll() {
        for (Entry<K, V> e : changed) {
            writeBack(e);
        }
        changed.clear();
    }

    private void drop() {
        live.clear();
        changed.clear();
        bytes = 0;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        drop();
        super.init(context, root);
    }

    /** Called by Kafka Streams before every commit: the changed values join the transaction. */
    @Override
    public void flushCache() {
        writeBackAll();
        super.flushCache();
    }

    /** Kafka Streams commits the store behind the cache; the changed values go first. */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeBackAll();
        super.commit(changelogOffsets);
    }

    /** Called when uncommitted work is discarded (exactly-once abort): so are the changed values. */
    @Override
    public void clearCache() {
        drop();
        super.clearCache();
    }

    @Override
    public void close() {
        drop();
        super.close();
    }

    /**
     * Builds a write-back store around the store {@code inner} builds (its record cache is
     * turned off: this is the cache). Changelog settings pass through to {@code inner}.
     */
    static <S extends StateStore, T extends StateStore> StoreBuilder<T> builder(StoreBuilder<S> inner, Function<S, T> wrap) {
        return new Builder<>(inner.withCachingDisabled(), wrap);
    }

    private static final class Builder<S extends StateStore, T extends StateStore> implements StoreBuilder<T> {
        private final StoreBuilder<S> inner;
        private final Function<S, T> wrap;

        Builder(StoreBuilder<S> inner, Function<S, T> wrap) {
            this.inner = inner;
            this.wrap = wrap;
        }

        /** This store is a cache already. */
        @Override
        public StoreBuilder<T> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<T> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
            Map<String, String> merged = new HashMap<>(inner.logConfig());
            merged.putAll(config);
            inner.withLoggingEnabled(merged);
            return this;
        }

        @Override
        public StoreBuilder<T> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public T build() {
            return wrap.apply(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
