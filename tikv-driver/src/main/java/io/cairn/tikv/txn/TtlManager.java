package io.cairn.tikv.txn;

import com.google.protobuf.ByteString;
import io.cairn.kv.Timestamps;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.proto.kvrpcpb.TxnHeartBeatRequest;
import io.cairn.proto.kvrpcpb.TxnHeartBeatResponse;
import io.cairn.tikv.rpc.KvRpc;
import io.cairn.tikv.rpc.RequestOptions;
import io.cairn.tikv.rpc.RpcKind;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long transaction's locks alive (client-go's {@code ttlManager}): every half managed
 * TTL it sends {@code KvTxnHeartBeat} to the primary, asking for a TTL of the transaction's
 * age plus the managed TTL, so other transactions see the locks as live while the owner works
 * and as expired soon after it crashed. Stops for good on {@link #close()} or when the primary
 * lock is gone. Thread-safe.
 */
final class TtlManager implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TtlManager.class);

  private final KvRpc rpc;
  private final byte[] primary;
  private final long startTs;
  private final long managedTtlMillis;
  private final LongSupplier wallMillis;
  private final ScheduledFuture<?> task;
  private volatile boolean closed;

  TtlManager(KvRpc rpc, ScheduledExecutorService scheduler, byte[] primary, long startTs, long managedTtlMillis, LongSupplier wallMillis) {
    this.rpc = rpc;
    this.primary = primary.clone();
    this.startTs = startTs;
    this.managedTtlMillis = managedTtlMillis;
    this.wallMillis = wallMillis;
    long period = Math.max(1, managedTtlMillis / 2);
    this.task = scheduler.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    if (closed) {
      return;
    }
    long uptime = Math.max(0, wallMillis.getAsLong() - Timestamps.physicalMillis(startTs));
    TxnHeartBeatRequest req = TxnHeartBeatRequest.newBuilder()
        .setContext(Context.getDefaultInstance())
        .setPrimaryLock(ByteString.copyFrom(primary))
        .setStartVersion(startTs)
        .setAdviseLockTtl(uptime + managedTtlMillis)
        .build();
    try {
      TxnHeartBeatResponse resp = rpc.sendToKey(rpc.backoffer(managedTtlMillis / 2), RpcKind.KV_TXN_HEART_BEAT, primary, req, RequestOptions.LEADER);
      if (resp.hasError()) {
        LOG.warn("transaction {} lost its primary lock, heartbeats stop: {}", startTs, resp.getError());
        close();
      }
    } catch (RuntimeException e) {
      // The next beat tries again; the TTL still has half its length to run.
      LOG.debug("heartbeat of transaction {} failed", startTs, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    task.cancel(false);
  }
}
