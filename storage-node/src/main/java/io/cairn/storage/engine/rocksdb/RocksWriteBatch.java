package io.cairn.storage.engine.rocksdb;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@link WriteBatch} of {@link RocksEngine}. It collects operations on the Java heap and
 * the engine copies them into a native batch only inside {@link RocksEngine#write}: the SPI's
 * batch has no close method, so a native batch held here could never be freed reliably.
 */
final class RocksWriteBatch implements WriteBatch {

  enum Kind { PUT, DELETE, DELETE_RANGE }

  /** For DELETE_RANGE, {@code key} is the start and {@code value} the end key. */
  record Op(Kind kind, ColumnFamily cf, byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private long dataSize;

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    add(new Op(Kind.PUT, requireCf(cf), key.clone(), Objects.requireNonNull(value, "value").clone()));
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    add(new Op(Kind.DELETE, requireCf(cf), key.clone(), null));
  }

  @Override
  public void deleteRange(ColumnFamily cf, byte[] startKey, byte[] endKey) {
    // RocksDB accepts an inverted range in a batch and only fails (or misbehaves) later.
    if (Arrays.compareUnsigned(startKey, endKey) > 0) {
      throw new IllegalArgumentException("deleteRange start key is after its end key");
    }
    add(new Op(Kind.DELETE_RANGE, requireCf(cf), startKey.clone(), endKey.clone()));
  }

  private static ColumnFamily requireCf(ColumnFamily cf) {
    return Objects.requireNonNull(cf, "cf");
  }

  private void add(Op op) {
    ops.add(op);
    dataSize += op.key().length + (op.value() == null ? 0 : op.value().length);
  }

  List<Op> ops() {
    return ops;
  }

  @Override
  public int count() {
    return ops.size();
  }

  @Override
  public long dataSize() {
    return dataSize;
  }

  @Override
  public void clear() {
    ops.clear();
    dataSize = 0;
  }
}
