package io.cairn.storage.raft;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.RegionEpoch;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WriteBatch} that records mutations instead of applying them, so the MVCC layer
 * can build a command's writes with the same code it uses against an engine and hand the
 * result to {@link RegionPeer#propose}. Arrays are copied on entry. Not thread-safe.
 */
public final class CommandBatch implements WriteBatch {
  private final List<Mutation> mutations = new ArrayList<>();
  private long dataSize;

  @Override
  public void put(ColumnFamily cf, byte[] key, byte[] value) {
    mutations.add(new Mutation.Put(cf, key.clone(), value.clone()));
    dataSize += key.length + value.length;
  }

  @Override
  public void delete(ColumnFamily cf, byte[] key) {
    mutations.add(new Mutation.Delete(cf, key.clone()));
    dataSize += key.length;
  }

  @Override
  public void deleteRange(ColumnFamily cf, byte[] startKey, byte[] endKey) {
    mutations.add(new Mutation.DeleteRange(cf, startKey.clone(), endKey.clone()));
    dataSize += startKey.length + endKey.length;
  }

  @Override
  public int count() {
    return mutations.size();
  }

  @Override
  public long dataSize() {
    return dataSize;
  }

  @Override
  public void clear() {
    mutations.clear();
    dataSize = 0;
  }

  /** A command carrying the mutations recorded so far, checked against {@code epoch}. */
  public RaftCommand toCommand(RegionEpoch epoch) {
    return RaftCommand.write(epoch, mutations);
  }
}
