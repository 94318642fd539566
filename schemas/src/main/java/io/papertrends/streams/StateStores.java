package io.papertrends.streams;

import io.papertrends.config.Settings;
import java.time.Duration;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

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
}
