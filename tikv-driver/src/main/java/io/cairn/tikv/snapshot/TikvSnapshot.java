package io.cairn.tikv.snapshot;

import com.google.protobuf.ByteString;
import io.cairn.kv.Key;
import io.cairn.kv.KeyRange;
import io.cairn.kv.KvIterator;
import io.cairn.kv.KvPair;
import io.cairn.kv.Snapshot;
import io.cairn.kv.SnapshotOptions;
import io.cairn.proto.kvrpcpb.BatchGetRequest;
import io.cairn.proto.kvrpcpb.BatchGetResponse;
import io.cairn.proto.kvrpcpb.CommandPri;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.GetRequest;
import io.cairn.proto.kvrpcpb.GetResponse;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.tikv.error.ErrorTranslator;
import io.cairn.tikv.error.KeyErrorException;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.txn.lock.LockResolver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Snapshot} at one timestamp over the TiKV protocol (client-go's {@code KVSnapshot}).
 *
 * <p>{@link #get} sends {@code KvGet} to the key's region; {@link #batchGet} groups the keys by
 * region, cuts groups into batches of {@value #BATCH_GET_KEYS} keys and fetches the batches in
 * parallel, each with its own backoff budget; scans go through a {@link Scanner}. A read that
 * meets a lock hands it to the {@link LockResolver}: an owner that committed or rolled back is
 * resolved and the read retried at once, an owner whose {@code min_commit_ts} was pushed past
 * this snapshot is remembered in the snapshot's resolved-locks set (sent as
 * {@code Context.resolved_locks} so the node reads past its locks from then on), and a live
 * owner makes the read back off {@code TXN_LOCK_FAST} for at most the lock's remaining TTL.
 *
 * <p>Priority, {@code not_fill_cache} and the resource group go into each request's Context;
 * the replica-read mode (and, when {@link SnapshotOptions#staleRead()} is set, stale reads with
 * their fallback to the leader on {@code DataIsNotReady}) is applied by the request sender's
 * replica selector. Errors leave through {@link ErrorTranslator}. Thread-safe.
 */
public final class TikvSnapshot implements Snapshot {

  /** Keys per KvBatchGet (client-go {@code batchGetSize}). */
  static final int BATCH_GET_KEYS = 5120;

  private final ReadEnv env;
  private final long ts;
  private final SnapshotOptions options;
  private final RequestOptions requestOptions;
  private final Context baseContext;
  private final Set<Long> resolvedLocks = ConcurrentHashMap.newKeySet();

  public TikvSnapshot(ReadEnv env, long ts, SnapshotOptions options) {
    this.env = env;
    this.ts = ts;
    this.options = options;
    this.requestOptions = options.staleRead()
        ? RequestOptions.stale() : RequestOptions.replicaRead(env.settings().effective(options.replicaRead()));
    this.baseContext = Context.newBuilder()
        .setPriority(switch (options.priority()) {
          case LOW -> CommandPri.Low;
          case NORMAL -> CommandPri.Normal;
          case HIGH -> CommandPri.High;
        })
        .setNotFillCache(options.notFillCache())
        .setResourceGroupTag(ByteString.copyFrom(options.resourceGroup(), StandardCharsets.UTF_8))
        .build();
  }

  @Override
  public long timestamp() {
    return ts;
  }

  @Override
  public SnapshotOptions options() {
    return options;
  }

  /** The request options (replica read, stale read) every read of this snapshot uses. */
  public RequestOptions requestOptions() {
    return requestOptions;
  }

  /** The Context every request starts from, with the locks this snapshot may read past. */
  Context context() {
    if (resolvedLocks.isEmpty()) {
      return baseContext;
    }
    return baseContext.toBuilder().addAllResolvedLocks(resolvedLocks).build();
  }

  ReadEnv env() {
    return env;
  }

  /** Refuses reads once the storage closed, and reads below the GC safe point. */
  void checkOpen() {
    env.checkOpen().run();
    env.checkVisible().accept(ts);
  }

  @Override
  public byte[] get(Key key) {
    requireKey(key);
    checkOpen();
    try {
      return doGet(key.toByteArray());
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, ts);
    }
  }

  private byte[] doGet(byte[] key) {
    Backoffer bo = env.rpc().backoffer(env.settings().budgets().readMillis());
    while (true) {
      GetRequest req = GetRequest.newBuilder().setContext(context()).setKey(ByteString.copyFrom(key)).setVersion(ts).build();
      GetResponse resp = env.rpc().sendToKey(bo, RpcKind.KV_GET, key, req, requestOptions);
      if (resp.hasError()) {
        onLocks(bo, List.of(lockOf(resp.getError())));
        continue;
      }
      return resp.getNotFound() ? null : resp.getValue().toByteArray();
    }
  }

  /** Resolves locks met by a read; returns when the read may be retried. */
  void onLocks(Backoffer bo, List<LockInfo> locks) {
    LockResolver.Resolution r = env.resolver().resolve(bo, ts, locks, true);
    resolvedLocks.addAll(r.pushed());
    if (!r.allResolved()) {
      bo.backoffAtMost(BackoffKind.TXN_LOCK_FAST, r.msBeforeExpired(),
          new IllegalStateException("key is locked by transaction " + locks.get(0).getLockVersion()));
    }
  }

  /** The lock of a key error, or a {@link KeyErrorException} when it is anything else. */
  static LockInfo lockOf(KeyError error) {
    if (!error.hasLocked()) {
      throw new KeyErrorException(error);
    }
    return error.getLocked();
  }

  @Override
  public Map<Key, byte[]> batchGet(Collection<Key> keys) {
    checkOpen();
    TreeSet<Key> distinct = new TreeSet<>();
    for (Key k : keys) {
      distinct.add(requireKey(k));
    }
    if (distinct.isEmpty()) {
      return Map.of();
    }
    try {
      Map<Key, byte[]> found = new ConcurrentHashMap<>();
      List<byte[]> raw = distinct.stream().map(Key::toByteArray).toList();
      env.rpc().forEachBatch(env.rpc().backoffer(env.settings().budgets().readMillis()), raw, k -> 1, BATCH_GET_KEYS, true,
          (bo, region, batch) -> batchGetInRegion(bo, region, batch, found));
      Map<Key, byte[]> ordered = new LinkedHashMap<>();
      for (Key k : distinct) {
        byte[] v = found.get(k);
        if (v != null) {
          ordered.put(k, v);
        }
      }
      return ordered;
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(e, ts);
    }
  }

  private boolean batchGetInRegion(Backoffer bo, io.cairn.tikv.region.CachedRegion region, List<byte[]> keys, Map<Key, byte[]> found) {
    List<byte[]> pending = keys;
    while (true) {
      BatchGetRequest.Builder b = BatchGetRequest.newBuilder().setContext(context()).setVersion(ts);
      pending.forEach(k -> b.addKeys(ByteString.copyFrom(k)));
      BatchGetResponse resp = env.rpc().sendInRegion(bo, RpcKind.KV_BATCH_GET, region, b.build(), requestOptions);
      if (resp == null) {
        return false;
      }
      if (resp.hasError()) {
        throw new KeyErrorException(resp.getError());
      }
      List<LockInfo> locks = new ArrayList<>();
      List<byte[]> locked = new ArrayList<>();
      for (var pair : resp.getPairsList()) {
        if (pair.hasError()) {
          LockInfo lock = lockOf(pair.getError());
          locks.add(lock);
          locked.add(pair.getKey().toByteArray());
        } else {
          found.put(Key.copyOf(pair.getKey().toByteArray()), pair.getValue().toByteArray());
        }
      }
      if (locks.isEmpty()) {
        return true;
      }
      onLocks(bo, locks);
      pending = locked;
    }
  }

  @Override
  public KvIterator<KvPair> iterate(KeyRange range) {
    checkOpen();
    return new Scanner(this, range, false);
  }

  @Override
  public KvIterator<KvPair> iterateReverse(KeyRange range) {
    checkOpen();
    return new Scanner(this, range, true);
  }

  private static Key requireKey(Key key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    return key;
  }
}
