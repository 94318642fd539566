package io.papertrends.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of all RocksDB stores of a process: one block cache, shared by every
 * store, that also accounts for the memtables (write buffers), as Kafka Streams' memory
 * management guide describes. Total size: {@code papertrends.rocksdb.memory.bytes}
 * (default 128 MiB), half of it for write buffers.
 *
 * <p>A store's memtable reserves memory from the shared write-buffer budget an arena block at a
 * time, and a process holds dozens of stores (each segment of a window store is one). With
 * RocksDB's default blocks (an eighth of the write buffer, 1 MiB or more) the empty memtables
 * alone exceeded the budget, so every write forced a memtable switch and then waited for a flush:
 * a commit writing back a few thousand windows after a backfill took over 20 s, past the
 * transaction timeout. Blocks of {@value #ARENA_BLOCK_BYTES} bytes and write buffers of at most a
 * sixteenth of the total keep the reservations small.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
    public static final String MEMORY_BYTES = "papertrends.rocksdb.memory.bytes";
    static final long DEFAULT_MEMORY_BYTES = 128L * 1024 * 1024;
    static final long ARENA_BLOCK_BYTES = 256L * 1024;

    // Shared by all stores of the JVM on purpose: that is what bounds the total.
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void init(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager(bytes / 2, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_BYTES);
        long bytes = configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString());
        init(bytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setWriteBufferSize(Math.max(ARENA_BLOCK_BYTES, Math.min(options.writeBufferSize(), bytes / 16)));
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared: they live as long as the process.
    }
}
