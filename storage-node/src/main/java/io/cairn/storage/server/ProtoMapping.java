package io.cairn.storage.server;

import com.google.protobuf.ByteString;
import io.cairn.proto.deadlock.WaitForEntry;
import io.cairn.proto.errorpb.DataIsNotReady;
import io.cairn.proto.errorpb.EpochNotMatch;
import io.cairn.proto.errorpb.KeyNotInRegion;
import io.cairn.proto.errorpb.NotLeader;
import io.cairn.proto.errorpb.RegionNotFound;
import io.cairn.proto.errorpb.ServerIsBusy;
import io.cairn.proto.errorpb.StaleCommand;
import io.cairn.proto.errorpb.StoreNotMatch;
import io.cairn.proto.kvrpcpb.AlreadyExist;
import io.cairn.proto.kvrpcpb.CommitTsExpired;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.Deadlock;
import io.cairn.proto.kvrpcpb.KeyError;
import io.cairn.proto.kvrpcpb.LockInfo;
import io.cairn.proto.kvrpcpb.Op;
import io.cairn.proto.kvrpcpb.TxnNotFound;
import io.cairn.proto.kvrpcpb.WriteConflict;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import io.cairn.storage.mvcc.LockType;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.ReadKind;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RequestContext;

/**
 * The one translation between the storage core's types and kvproto's: request contexts in,
 * region errors, key errors, locks and region metadata out. Stateless.
 */
final class ProtoMapping {
  private ProtoMapping() {}

  static ByteString bytes(byte[] b) {
    return b == null ? ByteString.EMPTY : ByteString.copyFrom(b);
  }

  /** The route {@code ctx} claims, keys not yet set; a leader-only one. */
  static RequestContext route(Context ctx, KeyMode mode) {
    return RequestContext.of(ctx.getRegionId(),
        new RegionEpoch(ctx.getRegionEpoch().getConfVer(), ctx.getRegionEpoch().getVersion()),
        ctx.getPeer().getStoreId(), ctx.getTerm(), mode);
  }

  /**
   * The route of a read at {@code readTs}: a stale read when {@code stale_read} is set (it wins
   * over {@code replica_read}, as in TiKV), a replica read when only {@code replica_read} is,
   * else a leader read.
   */
  static RequestContext readRoute(Context ctx, KeyMode mode, long readTs) {
    ReadKind kind = ctx.getStaleRead() ? ReadKind.STALE
        : ctx.getReplicaRead() ? ReadKind.REPLICA : ReadKind.LEADER;
    return route(ctx, mode).withRead(kind, readTs);
  }

  static Peer peer(PeerMeta p) {
    return Peer.newBuilder().setId(p.id()).setStoreId(p.storeId()).build();
  }

  static Region region(RegionMeta m) {
    Region.Builder b = Region.newBuilder().setId(m.id())
        .setStartKey(bytes(m.startKey())).setEndKey(bytes(m.endKey()))
        .setRegionEpoch(io.cairn.proto.metapb.RegionEpoch.newBuilder()
            .setConfVer(m.epoch().confVer()).setVersion(m.epoch().version()));
    m.peers().forEach(p -> b.addPeers(peer(p)));
    return b.build();
  }

  static io.cairn.proto.errorpb.Error regionError(RegionError e) {
    io.cairn.proto.errorpb.Error.Builder b = io.cairn.proto.errorpb.Error.newBuilder();
    switch (e) {
      case RegionError.NotLeader n -> {
        NotLeader.Builder nl = NotLeader.newBuilder().setRegionId(n.regionId());
        if (n.leader() != null) {
          nl.setLeader(peer(n.leader()));
        }
        b.setMessage("peer is not leader for region " + n.regionId()).setNotLeader(nl);
      }
      case RegionError.EpochNotMatch m -> {
        EpochNotMatch.Builder em = EpochNotMatch.newBuilder();
        m.currentRegions().forEach(r -> em.addCurrentRegions(region(r)));
        b.setMessage("epoch not match").setEpochNotMatch(em);
      }
      case RegionError.RegionNotFound r -> b.setMessage("region " + r.regionId() + " not found")
          .setRegionNotFound(RegionNotFound.newBuilder().setRegionId(r.regionId()));
      case RegionError.KeyNotInRegion k -> b.setMessage("key not in region " + k.regionId())
          .setKeyNotInRegion(KeyNotInRegion.newBuilder().setKey(bytes(k.key()))
              .setRegionId(k.regionId()).setStartKey(bytes(k.startKey()))
              .setEndKey(bytes(k.endKey())));
      case RegionError.StoreNotMatch s -> b.setMessage("store not match")
          .setStoreNotMatch(StoreNotMatch.newBuilder().setRequestStoreId(s.requestStoreId())
              .setActualStoreId(s.actualStoreId()));
      case RegionError.ServerIsBusy s -> b.setMessage("server is busy: " + s.reason())
          .setServerIsBusy(ServerIsBusy.newBuilder().setReason(s.reason())
              .setBackoffMs(s.backoffMs()));
      case RegionError.StaleCommand s -> b.setMessage("stale command in region " + s.regionId())
          .setStaleCommand(StaleCommand.getDefaultInstance());
      case RegionError.DataIsNotReady d -> b.setMessage("data is not ready in region "
              + d.regionId() + ": safe ts " + d.safeTs())
          .setDataIsNotReady(DataIsNotReady.newBuilder().setRegionId(d.regionId())
              .setPeerId(d.peerId()).setSafeTs(d.safeTs()));
    }
    return b.build();
  }

  static Op op(LockType t) {
    return switch (t) {
      case PUT -> Op.Put;
      case DELETE -> Op.Del;
      case LOCK -> Op.Lock;
      case PESSIMISTIC -> Op.PessimisticLock;
    };
  }

  static LockInfo lockInfo(io.cairn.storage.mvcc.LockInfo l) {
    return LockInfo.newBuilder().setPrimaryLock(bytes(l.primaryLock()))
        .setLockVersion(l.lockVersion()).setKey(bytes(l.key())).setLockTtl(l.lockTtl())
        .setTxnSize(l.txnSize()).setLockType(op(l.lockType()))
        .setLockForUpdateTs(l.lockForUpdateTs()).setMinCommitTs(l.minCommitTs()).build();
  }

  static KeyError keyError(io.cairn.storage.mvcc.KeyError e) {
    KeyError.Builder b = KeyError.newBuilder();
    switch (e) {
      case io.cairn.storage.mvcc.KeyError.Locked l -> b.setLocked(lockInfo(l.lock()));
      case io.cairn.storage.mvcc.KeyError.WriteConflict w -> b.setConflict(
          WriteConflict.newBuilder().setStartTs(w.startTs()).setConflictTs(w.conflictStartTs())
              .setConflictCommitTs(w.conflictCommitTs()).setKey(bytes(w.key()))
              .setPrimary(bytes(w.primary())));
      case io.cairn.storage.mvcc.KeyError.AlreadyExist a ->
          b.setAlreadyExist(AlreadyExist.newBuilder().setKey(bytes(a.key())));
      case io.cairn.storage.mvcc.KeyError.TxnNotFound t -> b.setTxnNotFound(
          TxnNotFound.newBuilder().setStartTs(t.startTs()).setPrimaryKey(bytes(t.primaryKey())));
      case io.cairn.storage.mvcc.KeyError.Deadlock d -> {
        Deadlock.Builder db = Deadlock.newBuilder().setLockTs(d.lockTs())
            .setLockKey(bytes(d.lockKey())).setDeadlockKeyHash(d.deadlockKeyHash());
        d.waitChain().forEach(w -> db.addWaitChain(WaitForEntry.newBuilder().setTxn(w.txn())
            .setWaitForTxn(w.waitForTxn()).setKeyHash(w.keyHash()).setKey(bytes(w.key()))));
        b.setDeadlock(db);
      }
      case io.cairn.storage.mvcc.KeyError.CommitTsExpired c -> b.setCommitTsExpired(
          CommitTsExpired.newBuilder().setStartTs(c.startTs())
              .setAttemptedCommitTs(c.attemptedCommitTs()).setKey(bytes(c.key()))
              .setMinCommitTs(c.minCommitTs()));
      // TiKV reports a commit whose lock is gone as retryable "TxnLockNotFound".
      case io.cairn.storage.mvcc.KeyError.TxnLockNotFound t -> b.setRetryable(t.toString());
      case io.cairn.storage.mvcc.KeyError.Committed c ->
          b.setAbort("txn " + c.startTs() + " already committed at " + c.commitTs());
      case io.cairn.storage.mvcc.KeyError.Abort a -> b.setAbort(a.message());
    }
    return b.build();
  }
}
