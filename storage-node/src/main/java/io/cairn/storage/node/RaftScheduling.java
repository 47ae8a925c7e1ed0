package io.cairn.storage.node;

import io.cairn.proto.pdpb.CheckPolicy;
import io.cairn.storage.pd.SchedulingCommand;
import io.cairn.storage.pd.SchedulingCommandHandler;
import io.cairn.storage.raft.RaftRegionEngine;
import io.cairn.storage.raft.RegionPeer;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * PD's scheduling commands for a node whose regions are Raft groups; each goes through Raft
 * on this store's replica, which must lead the region:
 * <ul>
 *   <li>a split at PD's keys is a split command of the region's log
 *       ({@link RaftRegionEngine#split}, run on {@code executor} as it allocates ids from PD);</li>
 *   <li>a leader transfer is Raft's leadership transfer;</li>
 *   <li>a peer removal is a membership change ({@code conf_ver} bumped on every replica);</li>
 *   <li>a peer addition first starts the replica on the new store's Raft server (it then
 *       installs the region from the leader before applying anything), then is a membership
 *       change; learners are added as voters.</li>
 * </ul>
 * Splits at keys the node would pick (PD's scan and approximate policies) are refused: the
 * node splits by size on its own ({@link SplitChecker}).
 * A command addressed to an older epoch than the region's fails with {@code EpochNotMatch}.
 * Thread-safe.
 */
final class RaftScheduling implements SchedulingCommandHandler {

  private final RaftRegionEngine regions;
  private final long storeId;
  private final Executor executor;
  private final LongFunction<String> raftAddresses;

  /**
   * @param raftAddresses the Raft address of a store (PD's peer address of it); may block, is
   *     called on {@code executor}
   */
  RaftScheduling(RaftRegionEngine regions, long storeId, Executor executor,
      LongFunction<String> raftAddresses) {
    this.regions = regions;
    this.storeId = storeId;
    this.executor = executor;
    this.raftAddresses = raftAddresses;
  }

  @Override
  public CompletionStage<?> handle(SchedulingCommand command) {
    RegionEpoch epoch = new RegionEpoch(command.epoch().getConfVer(), command.epoch().getVersion());
    // keys are region keys already; the mode only matters for checks of user keys
    RequestContext ctx = RequestContext.of(command.regionId(), epoch, storeId, 0, KeyMode.TXN);
    try {
      return dispatch(command, epoch, ctx);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<?> dispatch(SchedulingCommand command, RegionEpoch epoch, RequestContext ctx) {
    return switch (command) {
      case SchedulingCommand.SplitRegion split
          when split.policy() == CheckPolicy.USEKEY && !split.keys().isEmpty() -> {
        List<byte[]> keys = split.keys().stream().map(k -> k.toByteArray()).toList();
        yield CompletableFuture.supplyAsync(() -> regions.split(ctx, keys), executor);
      }
      case SchedulingCommand.TransferLeader t -> {
        RegionPeer peer = checkedLeader(command.regionId(), epoch);
        yield peer.transferLeadership(t.target().getStoreId());
      }
      case SchedulingCommand.RemovePeer r -> {
        RegionPeer peer = checkedLeader(command.regionId(), epoch);
        List<PeerMeta> rest = new ArrayList<>();
        for (PeerMeta p : peer.meta().peers()) {
          if (p.storeId() != r.peer().getStoreId()) {
            rest.add(p);
          }
        }
        if (rest.size() == peer.meta().peers().size()) {
          yield CompletableFuture.completedFuture(peer.meta());
        }
        yield peer.changePeers(rest);
      }
      case SchedulingCommand.AddPeer a -> {
        RegionPeer peer = checkedLeader(command.regionId(), epoch);
        long store = a.peer().getStoreId();
        if (peer.meta().peerOn(store) != null) {
          yield CompletableFuture.completedFuture(peer.meta());
        }
        yield CompletableFuture.supplyAsync(() -> raftAddresses.apply(store), executor)
            .thenCompose(address -> {
              if (address == null || address.isEmpty()) {
                throw new IllegalStateException("store " + store + " has no Raft address");
              }
              PeerMeta added = new PeerMeta(a.peer().getId(), store, address);
              List<PeerMeta> peers = new ArrayList<>(peer.meta().peers());
              peers.add(added);
              RegionMeta target = peer.meta().withPeers(peers);
              return regions.raftStore().startReplicaOn(target, added)
                  .thenCompose(v -> peer.changePeers(peers));
            });
      }
      default -> CompletableFuture.failedFuture(new UnsupportedOperationException(
          "store " + storeId + " cannot carry out " + command
              + " (the node splits by size on its own; PD may only name the keys)"));
    };
  }

  /** This store's replica of the region, checked as the region engine checks a request. */
  private RegionPeer checkedLeader(long regionId, RegionEpoch epoch) {
    regions.snapshot(RequestContext.of(regionId, epoch, storeId, 0, KeyMode.TXN)).close();
    RegionPeer peer = regions.raftStore().region(regionId);
    RegionMeta m = peer.meta();
    if (m.epoch().confVer() != epoch.confVer()) {
      throw new IllegalStateException("region " + regionId + " is at " + m.epoch()
          + ", the command was meant for " + epoch);
    }
    return peer;
  }
}
