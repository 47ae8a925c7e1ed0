package io.cairn.storage.mvcc;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The writes of one command, collected into one engine {@link WriteBatch} (which Raft will
 * later replicate and apply as is). Keys passed in are encoded keys ({@link Keys#encode}).
 * It never reads: actions read through {@code MvccReader} on a snapshot taken after the
 * command's latches were acquired. Not thread-safe.
 */
public final class MvccTxn {
  private final WriteBatch batch;
  private final List<byte[]> releasedLocks = new ArrayList<>();

  public MvccTxn(WriteBatch batch) {
    this.batch = batch;
  }

  public void putLock(byte[] key, Lock lock) {
    batch.put(ColumnFamily.LOCK, key, lock.toBytes());
  }

  /** Deletes the lock at {@code key} and remembers it so lock waiters can be woken. */
  public void unlockKey(byte[] key) {
    batch.delete(ColumnFamily.LOCK, key);
    releasedLocks.add(key);
  }

  public void putValue(byte[] key, long startTs, byte[] value) {
    batch.put(ColumnFamily.DEFAULT, Keys.appendTs(key, startTs), value);
  }

  public void deleteValue(byte[] key, long startTs) {
    batch.delete(ColumnFamily.DEFAULT, Keys.appendTs(key, startTs));
  }

  public void putWrite(byte[] key, long commitTs, Write write) {
    batch.put(ColumnFamily.WRITE, Keys.appendTs(key, commitTs), write.toBytes());
  }

  public void deleteWrite(byte[] key, long commitTs) {
    batch.delete(ColumnFamily.WRITE, Keys.appendTs(key, commitTs));
  }

  public WriteBatch batch() {
    return batch;
  }

  /** Encoded keys whose locks this command removes. */
  public List<byte[]> releasedLocks() {
    return Collections.unmodifiableList(releasedLocks);
  }

  /** Drops every write collected so far (a command that fails as a whole writes nothing). */
  public void discard() {
    batch.clear();
    releasedLocks.clear();
  }
}
