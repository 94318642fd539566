package io.papertrends.streams;

import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** A key-value store with a write-back cache of live values (see {@link WriteBackStore}); queries read the committed values. */
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
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
