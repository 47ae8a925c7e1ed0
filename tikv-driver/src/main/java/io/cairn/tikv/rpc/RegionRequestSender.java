package io.cairn.tikv.rpc;

import com.google.protobuf.Message;
import io.cairn.proto.errorpb.Error;
import io.cairn.proto.kvrpcpb.Context;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.PdException;
import io.cairn.tikv.region.Access;
import io.cairn.tikv.region.CachedRegion;
import io.cairn.tikv.region.InvalidReason;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.RegionUnavailableException;
import io.cairn.tikv.region.RegionVerId;
import io.cairn.tikv.region.ReplicaSelector;
import io.cairn.tikv.retry.BackoffKind;
import io.cairn.tikv.retry.Backoffer;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a request to one region and handles what can go wrong on the way, after client-go's
 * {@code RegionRequestSender}. Each attempt goes to the replica the {@link ReplicaSelector}
 * picks, with the request's {@code Context} routed there ({@code region_id}, {@code
 * region_epoch}, {@code peer}, {@code replica_read}, {@code stale_read}; the caller's other
 * Context fields are kept) and a deadline.
 *
 * <p>Region errors are handled in client-go's fixed order:
 *
 * <ol>
 *   <li>NotLeader with a hint: switch the cached leader, retry at once (after more hops than
 *       the region has peers, back off {@code REGION_SCHEDULING}: the peers disagree); without a
 *       hint: an election is under way, back off {@code REGION_SCHEDULING} and try another peer;
 *   <li>StoreNotMatch: forget the store's address and its channels, back off {@code
 *       REGION_MISS}, retry;
 *   <li>EpochNotMatch: replace the cached entries with the node's current regions and return
 *       {@link SendOutcome.RegionChanged} (no backoff when regions came with it);
 *   <li>ServerIsBusy: back off {@code SERVER_BUSY}, retry; StaleCommand: {@code STALE_CMD};
 *   <li>RaftEntryTooLarge: fail with {@link RegionErrorException};
 *   <li>MaxTimestampNotSynced, ReadIndexNotReady, ProposalInMergingMode, RecoveryInProgress:
 *       back off {@code REGION_SCHEDULING}, retry;
 *   <li>DataIsNotReady: a stale read falls back to a leader read at once; otherwise {@code
 *       REGION_SCHEDULING};
 *   <li>RegionNotInitialized: back off {@code REGION_MISS}, try another peer; DiskFull: back
 *       off {@code SERVER_BUSY};
 *   <li>anything else (RegionNotFound, KeyNotInRegion): drop the region, back off {@code
 *       REGION_MISS}, return {@link SendOutcome.RegionChanged}.
 * </ol>
 *
 * A transport failure marks the store in {@link io.cairn.tikv.region.StoreHealth}, backs off
 * {@code TIKV_RPC} and tries the next replica; for a kind that is {@link
 * RpcKind#undeterminedOnRpcError()} it returns {@link SendOutcome.Undetermined} instead, unless
 * the request certainly never left this process (no connection could be made). All
 * sleeping goes through the caller's Backoffer, which fails the request once its budget is
 * spent. Thread-safe; one call per request.
 */
public final class RegionRequestSender {

  private final RegionCache cache;
  private final RpcClient client;
  private final Duration readTimeout;
  private final Duration writeTimeout;

  public RegionRequestSender(RegionCache cache, RpcClient client, TikvClientConfig config) {
    this.cache = cache;
    this.client = client;
    this.readTimeout = config.readTimeout();
    this.writeTimeout = config.writeTimeout();
  }

  public RegionCache regionCache() {
    return cache;
  }

  /**
   * Sends {@code request} to {@code region} until it is served, the region changes, or the
   * outcome is undetermined.
   *
   * @throws io.cairn.tikv.retry.BackoffExhaustedException when the budget runs out
   * @throws RegionErrorException for a region error no retry fixes
   * @throws StoreLimitExceededException when the store has too many requests in flight
   */
  public <Req extends Message, Resp extends Message> SendOutcome<Resp> send(
      Backoffer bo, RpcKind<Req, Resp> kind, CachedRegion region, Req request, RequestOptions options) {
    ReplicaSelector selector = cache.selector(region, kind.access(), options.replicaRead(), options.staleRead());
    RegionVerId ver = region.verId();
    Duration timeout = options.timeout() != null ? options.timeout() : kind.access() == Access.READ ? readTimeout : writeTimeout;
    Throwable lastFailure = null;
    int leaderHops = 0;
    for (int attempt = 0; ; attempt++) {
      Optional<ReplicaSelector.Target> next;
      try {
        next = selector.next();
      } catch (PdException e) {
        if (!e.retryable()) {
          throw e;
        }
        bo.backoff(BackoffKind.PD_RPC, e);
        continue;
      }
      if (next.isEmpty()) {
        if (selector.regionGone()) {
          bo.backoff(BackoffKind.REGION_MISS, new RegionUnavailableException(ver + " left the region cache"));
          return new SendOutcome.RegionChanged<>(ver, InvalidReason.NO_LEADER_PEER, null);
        }
        if (selector.hadFailures()) {
          // Every replica failed once: start a new round after the backoff.
          selector.resetFailures();
          bo.backoff(BackoffKind.TIKV_RPC, lastFailure);
          continue;
        }
        RegionUnavailableException down = new RegionUnavailableException("no reachable replica of " + region);
        cache.invalidate(ver, InvalidReason.STORE_DOWN);
        bo.backoff(BackoffKind.TIKV_RPC, down);
        return new SendOutcome.RegionChanged<>(ver, InvalidReason.STORE_DOWN, null);
      }
      ReplicaSelector.Target target = next.get();
      Req routed = kind.withContext(request, route(kind.context(request), target, attempt));
      Resp response;
      try {
        response = client.call(new RpcCall<>(kind, target.storeId(), target.address(), ver.id(), routed, timeout, attempt));
      } catch (StatusRuntimeException e) {
        selector.onSendFailure(target);
        if (kind.undeterminedOnRpcError() && !neverSent(e)) {
          return new SendOutcome.Undetermined<>(ver, target.storeId(), e);
        }
        lastFailure = e;
        bo.backoff(BackoffKind.TIKV_RPC, e);
        continue;
      }
      selector.onAnswer(target);
      Error error = kind.regionError(response);
      if (error == null) {
        return new SendOutcome.Ok<>(response, target.region().verId(), target.storeId());
      }
      if (error.hasNotLeader() && error.getNotLeader().getLeader().getStoreId() != 0
          && ++leaderHops > target.region().peers().size()) {
        // Peers keep naming each other as leader (an election in flux): stop hopping at once.
        bo.backoff(BackoffKind.REGION_SCHEDULING, new RegionUnavailableException(describe(error)));
      }
      SendOutcome<Resp> outcome = onRegionError(bo, selector, target, error);
      if (outcome != null) {
        return outcome;
      }
      lastFailure = new RegionUnavailableException(describe(error));
    }
  }

  /**
   * Whether the call failed before the request left this process: no connection to the store
   * could be made ({@link ConnectException} in the cause chain, as gRPC reports a refused or
   * unreachable address). Such a commit was never seen by the store, so it is retried like any
   * other request instead of being reported undetermined.
   */
  static boolean neverSent(StatusRuntimeException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static Context route(Context original, ReplicaSelector.Target t, int attempt) {
    Context.Builder b =
        original.toBuilder()
            .setRegionId(t.region().id())
            .setRegionEpoch(t.region().meta().getRegionEpoch())
            .setPeer(t.peer())
            .setReplicaRead(t.replicaRead())
            .setStaleRead(t.staleRead());
    if (attempt > 0) {
      b.setIsRetryRequest(true);
    }
    return b.build();
  }

  /** Handles one region error; returns the outcome to report, or null to retry. */
  private <Resp> SendOutcome<Resp> onRegionError(Backoffer bo, ReplicaSelector selector, ReplicaSelector.Target target, Error error) {
    RegionVerId ver = selector.region();
    RegionUnavailableException cause = new RegionUnavailableException(describe(error) + " from store " + target.storeId());
    if (error.hasNotLeader()) {
      var hint = error.getNotLeader().getLeader();
      if (hint.getStoreId() == 0) {
        selector.skip(target);
        bo.backoff(BackoffKind.REGION_SCHEDULING, cause);
        return null;
      }
      if (!selector.onNotLeader(hint)) {
        bo.backoff(BackoffKind.REGION_MISS, cause);
        return new SendOutcome.RegionChanged<>(ver, InvalidReason.NO_LEADER_PEER, error);
      }
      if (hint.getStoreId() == target.storeId()) {
        // The node names itself yet refuses: it is still taking over. Wait a little.
        bo.backoff(BackoffKind.REGION_SCHEDULING, cause);
      }
      return null;
    }
    if (error.hasStoreNotMatch()) {
      // Another store now answers at this address: drop its channels and ask PD again.
      cache.invalidateStore(target.storeId());
      client.pool().evict(target.address());
      bo.backoff(BackoffKind.REGION_MISS, cause);
      return null;
    }
    if (error.hasEpochNotMatch()) {
      var current = error.getEpochNotMatch().getCurrentRegionsList();
      cache.onEpochNotMatch(ver, current);
      if (current.isEmpty()) {
        bo.backoff(BackoffKind.REGION_MISS, cause);
      }
      return new SendOutcome.RegionChanged<>(ver, InvalidReason.EPOCH_NOT_MATCH, error);
    }
    if (error.hasServerIsBusy()) {
      bo.backoff(BackoffKind.SERVER_BUSY, cause);
      return null;
    }
    if (error.hasStaleCommand()) {
      bo.backoff(BackoffKind.STALE_CMD, cause);
      return null;
    }
    if (error.hasRaftEntryTooLarge()) {
      throw new RegionErrorException("region " + ver.id() + " refused a too large Raft entry", error);
    }
    if (error.hasMaxTimestampNotSynced()
        || error.hasReadIndexNotReady()
        || error.hasProposalInMergingMode()
        || error.hasRecoveryInProgress()) {
      bo.backoff(BackoffKind.REGION_SCHEDULING, cause);
      return null;
    }
    if (error.hasDataIsNotReady()) {
      if (selector.staleRead()) {
        selector.fallBackToLeader();
      } else {
        bo.backoff(BackoffKind.REGION_SCHEDULING, cause);
      }
      return null;
    }
    if (error.hasRegionNotInitialized()) {
      selector.skip(target);
      bo.backoff(BackoffKind.REGION_MISS, cause);
      return null;
    }
    if (error.hasDiskFull()) {
      bo.backoff(BackoffKind.SERVER_BUSY, cause);
      return null;
    }
    InvalidReason reason =
        error.hasRegionNotFound() ? InvalidReason.REGION_NOT_FOUND
            : error.hasKeyNotInRegion() ? InvalidReason.KEY_NOT_IN_REGION
            : InvalidReason.OTHER;
    cache.invalidate(ver, reason);
    bo.backoff(BackoffKind.REGION_MISS, cause);
    return new SendOutcome.RegionChanged<>(ver, reason, error);
  }

  private static String describe(Error error) {
    for (var f : error.getAllFields().keySet()) {
      if (!f.getName().equals("message")) {
        return f.getName() + (error.getMessage().isEmpty() ? "" : " (" + error.getMessage() + ")");
      }
    }
    return "region error " + error.getMessage();
  }
}
