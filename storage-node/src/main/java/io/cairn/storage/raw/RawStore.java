package io.cairn.storage.raw;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.EngineIterator;
import io.cairn.storage.engine.EngineSnapshot;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.mvcc.Keys;
import io.cairn.storage.txn.latch.Latches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Raw (non-transactional) key-value operations, TiKV's raw* RPCs, on their own key space.
 *
 * <p>Layout: raw key {@code k} is stored in CF {@link ColumnFamily#RAFT} at
 * {@code 'r' (0x72) ++ k}, unencoded, with the value as is. Transactional data lives only in
 * CFs default/lock/write, so raw and transactional keys can never collide; inside CF raft the
 * Raft layer's region state must use keys that do not start with {@code 'r'} (it should use
 * TiKV's local prefix {@code 0x01}). The fixed prefix keeps raw keys in raw byte order.
 *
 * <p>Writes take the latches of their keys, so {@link #compareAndSwap} is atomic with respect
 * to every other raw write. Reads read one snapshot. Thread-safe. Values may not be null; an
 * absent key reads as null.
 */
public final class RawStore {
  static final byte PREFIX = 'r';

  private final KvEngine engine;
  private final Latches latches;

  public RawStore(KvEngine engine, Latches latches) {
    this.engine = engine;
    this.latches = latches;
  }

  /** A raw key and its value (null for key-only scans). */
  public record KvPair(byte[] key, byte[] value) {
    @Override
    public String toString() {
      return Keys.hex(key) + "=" + Keys.hex(value);
    }
  }

  /** The outcome of {@link #compareAndSwap}: whether it wrote, and the value it found. */
  public record CasResult(boolean swapped, byte[] previous) {}

  static byte[] dataKey(byte[] key) {
    byte[] out = new byte[key.length + 1];
    out[0] = PREFIX;
    System.arraycopy(key, 0, out, 1, key.length);
    return out;
  }

  private static byte[] rawKey(byte[] dataKey) {
    return Arrays.copyOfRange(dataKey, 1, dataKey.length);
  }

  /** The end of the raw key space: every raw data key is below it. */
  private static byte[] spaceEnd() {
    return new byte[] {PREFIX + 1};
  }

  public byte[] get(byte[] key) {
    return engine.get(ColumnFamily.RAFT, dataKey(key));
  }

  /** The present keys among {@code keys}, in request order, from one snapshot. */
  public List<KvPair> batchGet(List<byte[]> keys) {
    List<KvPair> out = new ArrayList<>();
    try (EngineSnapshot snap = engine.snapshot()) {
      for (byte[] k : keys) {
        byte[] v = snap.get(ColumnFamily.RAFT, dataKey(k));
        if (v != null) {
          out.add(new KvPair(k, v));
        }
      }
    }
    return out;
  }

  public void put(byte[] key, byte[] value) {
    batchPut(List.of(new KvPair(key, value)));
  }

  /** Writes all pairs in one batch. */
  public void batchPut(List<KvPair> pairs) {
    List<byte[]> keys = pairs.stream().map(p -> dataKey(p.key())).toList();
    try (Latches.Guard ignored = latches.acquire(keys)) {
      WriteBatch batch = engine.newWriteBatch();
      for (int i = 0; i < pairs.size(); i++) {
        batch.put(ColumnFamily.RAFT, keys.get(i), Objects.requireNonNull(pairs.get(i).value(), "value"));
      }
      engine.write(batch);
    }
  }

  public void delete(byte[] key) {
    batchDelete(List.of(key));
  }

  public void batchDelete(List<byte[]> keys) {
    List<byte[]> dataKeys = keys.stream().map(RawStore::dataKey).toList();
    try (Latches.Guard ignored = latches.acquire(dataKeys)) {
      WriteBatch batch = engine.newWriteBatch();
      for (byte[] k : dataKeys) {
        batch.delete(ColumnFamily.RAFT, k);
      }
      engine.write(batch);
    }
  }

  /**
   * Deletes {@code [start, end)}; a null end means to the end of the raw key space. Not
   * atomic with respect to a concurrent compare-and-swap inside the range (as in TiKV).
   */
  public void deleteRange(byte[] start, byte[] end) {
    WriteBatch batch = engine.newWriteBatch();
    batch.deleteRange(ColumnFamily.RAFT, dataKey(start), end == null ? spaceEnd() : dataKey(end));
    engine.write(batch);
  }

  /**
   * Up to {@code limit} pairs of {@code [start, end)} (null = unbounded), ascending, or
   * descending when {@code reverse}; values are null when {@code keyOnly}.
   */
  public List<KvPair> scan(byte[] start, byte[] end, int limit, boolean keyOnly, boolean reverse) {
    List<KvPair> out = new ArrayList<>();
    byte[] lower = start == null ? new byte[] {PREFIX} : dataKey(start);
    byte[] upper = end == null ? spaceEnd() : dataKey(end);
    try (EngineSnapshot snap = engine.snapshot();
        EngineIterator it = snap.iterator(ColumnFamily.RAFT, lower, upper)) {
      for (boolean ok = reverse ? it.seekToLast() : it.seekToFirst();
          ok && out.size() < limit;
          ok = reverse ? it.prev() : it.next()) {
        out.add(new KvPair(rawKey(it.key()), keyOnly ? null : it.value()));
      }
    }
    return out;
  }

  /**
   * Writes {@code newValue} if the current value equals {@code expected} (null: the key must
   * be absent). Always reports the value found.
   */
  public CasResult compareAndSwap(byte[] key, byte[] expected, byte[] newValue) {
    Objects.requireNonNull(newValue, "newValue");
    byte[] dataKey = dataKey(key);
    try (Latches.Guard ignored = latches.acquire(List.of(dataKey))) {
      byte[] current = engine.get(ColumnFamily.RAFT, dataKey);
      if (!Arrays.equals(current, expected)) {
        return new CasResult(false, current);
      }
      WriteBatch batch = engine.newWriteBatch();
      batch.put(ColumnFamily.RAFT, dataKey, newValue);
      engine.write(batch);
      return new CasResult(true, current);
    }
  }
}
