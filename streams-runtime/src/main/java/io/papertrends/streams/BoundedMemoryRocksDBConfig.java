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
 * (default 64 MiB), a quarter of it for write buffers.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {
    public static final String MEMORY_BYTES = "papertrends.rocksdb.memory.bytes";
    static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;

    // Shared by all stores of the JVM on purpose: that is what bounds the total.
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void init(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager(bytes / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_BYTES);
        init(configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared: they live as long as the process.
    }
}
