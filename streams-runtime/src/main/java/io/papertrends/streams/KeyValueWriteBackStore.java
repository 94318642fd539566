package io.papertrends.streams;

import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A key-value store with a write-back cache of live values (see {@link WriteBackStore}); queries
 * and scans ({@code get}, {@code range}, {@code prefixScan}, {@code all}) read the store behind the
 * cache: the values as of the last commit, and keys written through.
 */
public final class KeyValueWriteBackStore<K, V> extends WriteBackStore<KeyValueStore<K, V>, K, V> implements ReadOnlyKeyValueStore<K, V> {

    private KeyValueWriteBackStore(KeyValueStore<K, V> store, ToLongFunction<V> weigher, long maxBytes) {
        super(store, weigher, maxBytes);
    }

    /** A builder of such a store over {@code supplier}, holding at most about {@code maxBytes} of live values. */
    public static <K, V> StoreBuilder<KeyValueWriteBackStore<K, V>> builder(KeyValueBytesStoreSupplier supplier, Serde<K> keySerde,
                                                                            Serde<V> valueSerde, ToLongFunction<V> weigher, long maxBytes) {
        return WriteBackStore.builder(Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde),
                store -> new KeyValueWriteBackStore<>(store, weigher, maxBytes));
    }

    public V live(K key) {
        return value(key);
    }

    public void update(K key, V value) {
        set(key, value);
    }

    public void remove(K key) {
        set(key, null);
    }

    /** Sets the live value of {@code key} and writes it to the store at once (see {@link WriteBackStore#setThrough}). */
    public void updateThrough(K key, V value) {
        setThrough(key, value);
    }

    @Override
    protected V load(KeyValueStore<K, V> store, K key) {
        return store.get(key);
    }

    @Override
    protected void store(KeyValueStore<K, V> store, K key, V value) {
        if (value == null) {
            store.delete(key);
        } else {
            store.put(key, value);
        }
    }

    @Override
    public V get(K key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return wrapped().range(from, to);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
