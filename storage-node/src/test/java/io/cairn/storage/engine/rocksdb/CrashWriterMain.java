package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link RocksEngineCrashTest}: writes numbered batches into a RocksEngine
 * until it is killed. Batch {@code n} sets every key {@code k0000..} of {@code DEFAULT},
 * {@code WRITE} and {@code LOCK} to a value starting with {@code n}, adds the history key
 * {@code h<n>} to {@code WRITE} while range-deleting all older history keys, and sets the marker
 * {@code last} in {@code RAFT} to {@code n}. Every third batch is written with {@code sync=true}
 * and acknowledged on stdout as {@code ack <n>} after the write returns.
 *
 * <p>Arguments: data directory, keys per family per batch.
 */
public final class CrashWriterMain {

  static final byte[] MARKER = "last".getBytes(StandardCharsets.UTF_8);
  static final ColumnFamily[] DATA_FAMILIES = {
    ColumnFamily.DEFAULT, ColumnFamily.WRITE, ColumnFamily.LOCK
  };
  static final int VALUE_PADDING = 120;

  private CrashWriterMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int keys = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    // A small memtable makes flushes run while batches are written and the process is killed.
    RocksEngineOptions options =
        RocksEngineOptions.builder(dir)
            .blockCacheBytes(8L << 20)
            .memtableBudgetBytes(8L << 20)
            .writeBufferBytes(1L << 20)
            .maxBackgroundJobs(2)
            .build();
    RocksEngine engine = RocksEngine.open(options);
    byte[] marker = engine.get(ColumnFamily.RAFT, MARKER);
    long batchNo = marker == null ? 0 : ByteBuffer.wrap(marker).getLong() + 1;
    out.println("start " + batchNo);
    out.flush();
    WriteBatch batch = engine.newWriteBatch();
    for (; ; batchNo++) {
      batch.clear();
      byte[] value = value(batchNo);
      for (ColumnFamily cf : DATA_FAMILIES) {
        for (int k = 0; k < keys; k++) {
          batch.put(cf, key(k), value);
        }
      }
      batch.put(ColumnFamily.WRITE, historyKey(batchNo), value);
      batch.deleteRange(ColumnFamily.WRITE, historyKey(0), historyKey(batchNo));
      batch.put(ColumnFamily.RAFT, MARKER, ByteBuffer.allocate(8).putLong(batchNo).array());
      boolean sync = batchNo % 3 == 0;
      engine.write(batch, sync);
      if (sync) {
        out.println("ack " + batchNo);
        out.flush();
      }
    }
  }

  static byte[] key(int k) {
    return String.format("k%04d", k).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] historyKey(long batchNo) {
    return ByteBuffer.allocate(9).put((byte) 'h').putLong(batchNo).array();
  }

  static byte[] value(long batchNo) {
    return ByteBuffer.allocate(8 + VALUE_PADDING).putLong(batchNo).array();
  }
}
