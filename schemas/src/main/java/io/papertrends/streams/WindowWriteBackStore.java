package io.papertrends.streams;

import java.time.Duration;
import java.time.Instant;
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
    public record At<K>(K key, long time) {
        @Override
        public int hashCode() {
            // Window starts are multiples of the advance: mix them, or a key's windows collide in the map.
            long h = key.hashCode() * 0x9E3779B97F4A7C15L + time * 0xC2B2AE3D27D4EB4FL;
            return (int) (h ^ (h >>> 29));
        }
    }

    private WindowWriteBackStore(WindowStore<K, V> store, ToLongFunction<V> weigher, long maxBytes) {
        super(store, weigher, maxBytes);
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
