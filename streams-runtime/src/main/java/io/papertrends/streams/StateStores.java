package io.papertrends.streams;

import io.papertrends.config.Settings;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier;

/**
 * Where the stream services keep their state stores ({@value #CONFIG}): {@code persistent}
 * (RocksDB on local disk, the default; restarts resume from disk and only replay the changelog
 * tail) or {@code in-memory} (heap only; every start restores the whole store from its
 * changelog, so it suits small state, and tests that commit after every record, where
 * RocksDB's flush per commit dominates). Either way the stores are changelogged and the results
 * are the same.
 */
public enum StateStores {
    PERSISTENT, IN_MEMORY;

    public static final String CONFIG = "papertrends.state.stores";

    /** The kind named by {@value #CONFIG} ({@code persistent} or {@code in-memory}), persistent when unset. */
    public static StateStores from(Settings settings) {
        String value = settings.get(CONFIG, "persistent").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "persistent", "rocksdb" -> PERSISTENT;
            case "in-memory", "in_memory", "memory" -> IN_MEMORY;
            default -> throw new IllegalArgumentException(CONFIG + " must be persistent or in-memory, got '" + value + "'");
        };
    }

    public KeyValueBytesStoreSupplier keyValue(String name) {
        return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    public WindowBytesStoreSupplier window(String name, Duration retention, Duration windowSize, boolean retainDuplicates) {
        return this == PERSISTENT
                ? Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates)
                : Stores.inMemoryWindowStore(name, retention, windowSize, retainDuplicates);
    }

    /**
     * As {@link #window(String, Duration, Duration, boolean)}, with RocksDB segments of at least
     * {@code minSegment} (Kafka's default is half the retention). Each new segment is a RocksDB
     * instance opened on the processing thread (tens of milliseconds); a short retention makes one
     * every few minutes of event time. Longer segments keep expired entries on disk up to one
     * segment longer; reads and results are the same.
     */
    public WindowBytesStoreSupplier window(String name, Duration retention, Duration windowSize, boolean retainDuplicates, Duration minSegment) {
        if (this == IN_MEMORY) {
            return window(name, retention, windowSize, retainDuplicates);
        }
        long segment = Math.max(Math.max(retention.toMillis() / 2, 60_000L), minSegment.toMillis());
        return new RocksDbWindowBytesStoreSupplier(name, retention.toMillis(), segment, windowSize.toMillis(), retainDuplicates,
                RocksDbWindowBytesStoreSupplier.WindowStoreTypes.DEFAULT_WINDOW_STORE);
    }
}
