package io.cairn.server.kvshell;

import io.cairn.storage.mvcc.KeyError;
import io.cairn.storage.mvcc.LockInfo;
import io.cairn.storage.mvcc.reader.KvEntry;
import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.txn.Outcome;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.txn.PrewriteResult;
import io.cairn.storage.txn.TxnStore;
import io.cairn.storage.txn.actions.Mutation;
import io.cairn.storage.txn.actions.TxnStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One transaction of the shell: reads at its start timestamp, writes buffered until commit,
 * then Percolator two-phase commit through {@link TxnStore} (prewrite every key with the first
 * as primary, commit the primary and secondaries at a fresh commit timestamp). A lock left by
 * a transaction that died (say a shell killed between the two phases) is resolved on the next
 * read that meets it: committed or rolled back, as its primary says.
 */
final class ShellTransaction {

  /** Lock TTL of a shell transaction: it commits right after prewrite. */
  private static final long LOCK_TTL_MS = 3_000;
  private static final int MAX_RESOLVE_ROUNDS = 5;

  private final TxnStore store;
  private final SnapshotReader reader;
  private final LongSupplier timestamps;
  private final long startTs;
  /** Buffered writes; an empty Optional is a delete. */
  private final TreeMap<byte[], Optional<byte[]>> buffer = new TreeMap<>(Arrays::compareUnsigned);

  ShellTransaction(TxnStore store, SnapshotReader reader, LongSupplier timestamps) {
    this.store = store;
    this.reader = reader;
    this.timestamps = timestamps;
    this.startTs = timestamps.getAsLong();
  }

  long startTs() {
    return startTs;
  }

  byte[] get(byte[] key) {
    Optional<byte[]> buffered = buffer.get(key);
    if (buffered != null) {
      return buffered.orElse(null);
    }
    for (int round = 0; ; round++) {
      KvEntry e = reader.get(key, startTs, ReadOptions.DEFAULT);
      if (!e.isError()) {
        return e.value();
      }
      resolveOrFail(e.error(), round);
    }
  }

  /** Up to {@code limit} pairs of {@code [start, end)} (null = unbounded), buffer included. */
  List<Map.Entry<byte[], byte[]>> scan(byte[] start, byte[] end, int limit) {
    List<KvEntry> stored;
    for (int round = 0; ; round++) {
      stored = reader.scan(start, end, limit + buffer.size(), startTs, false, false, ReadOptions.DEFAULT);
      KeyError error = stored.stream().filter(KvEntry::isError).map(KvEntry::error).findFirst().orElse(null);
      if (error == null) {
        break;
      }
      resolveOrFail(error, round);
    }
    TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
    stored.forEach(e -> merged.put(e.key(), e.value()));
    for (Map.Entry<byte[], Optional<byte[]>> b : buffer.entrySet()) {
      byte[] k = b.getKey();
      boolean inRange =
          (start == null || Arrays.compareUnsigned(k, start) >= 0)
              && (end == null || Arrays.compareUnsigned(k, end) < 0);
      if (inRange) {
        b.getValue().ifPresentOrElse(v -> merged.put(k, v), () -> merged.remove(k));
      }
    }
    return merged.entrySet().stream().limit(limit).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
  }

  void put(byte[] key, byte[] value) {
    buffer.put(key, Optional.of(value));
  }

  void delete(byte[] key) {
    buffer.put(key, Optional.empty());
  }

  int pendingWrites() {
    return buffer.size();
  }

  /**
   * Two-phase commit; returns the commit timestamp (0 when nothing was written).
   *
   * @throws ShellException when a key conflicts or is locked; the transaction is rolled back
   */
  long commit() {
    if (buffer.isEmpty()) {
      return 0;
    }
    List<Mutation> mutations = new ArrayList<>(buffer.size());
    buffer.forEach((k, v) -> mutations.add(v.map(value -> Mutation.put(k, value)).orElseGet(() -> Mutation.delete(k))));
    List<byte[]> keys = new ArrayList<>(buffer.keySet());
    byte[] primary = keys.get(0);
    PrewriteResult prewrite = store.prewrite(PrewriteRequest.optimistic(mutations, primary, startTs, LOCK_TTL_MS));
    if (!prewrite.errors().isEmpty()) {
      store.rollback(keys, startTs);
      throw new ShellException("commit failed, transaction rolled back: " + prewrite.errors().get(0));
    }
    long commitTs = timestamps.getAsLong();
    // The primary decides: once it is committed the transaction is, and a failure on a
    // secondary is resolved by the next reader that meets its lock.
    Optional<KeyError> primaryError = store.commit(List.of(primary), startTs, commitTs);
    if (primaryError.isPresent()) {
      store.rollback(keys, startTs);
      throw new ShellException("commit failed, transaction rolled back: " + primaryError.get());
    }
    if (keys.size() > 1) {
      store.commit(keys.subList(1, keys.size()), startTs, commitTs);
    }
    buffer.clear();
    return commitTs;
  }

  void rollback() {
    buffer.clear();
  }

  /** Resolves the lock behind {@code error} if its transaction is over, else fails. */
  private void resolveOrFail(KeyError error, int round) {
    if (!(error instanceof KeyError.Locked locked) || round >= MAX_RESOLVE_ROUNDS) {
      throw new ShellException("read failed: " + error);
    }
    LockInfo lock = locked.lock();
    Outcome<TxnStatus> status =
        store.checkTxnStatus(lock.primaryLock(), lock.lockVersion(), startTs, timestamps.getAsLong(), true, false);
    if (!status.isOk()) {
      throw new ShellException("cannot check the lock's transaction: " + status.error());
    }
    long commitTs =
        switch (status.value()) {
          case TxnStatus.Committed c -> c.commitTs();
          case TxnStatus.RolledBack r -> 0;
          case TxnStatus.Uncommitted u ->
              throw new ShellException(
                  "key is locked by running transaction " + lock.lockVersion() + " (ttl " + u.ttl() + " ms)");
        };
    store.resolveLockLite(lock.lockVersion(), commitTs, List.of(lock.key()));
  }
}
