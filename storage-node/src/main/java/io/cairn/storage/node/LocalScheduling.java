package io.cairn.storage.node;

import io.cairn.proto.pdpb.CheckPolicy;
import io.cairn.storage.pd.SchedulingCommand;
import io.cairn.storage.pd.SchedulingCommandHandler;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * PD's scheduling commands for a node without replication: a split at PD's keys is carried
 * out (a metadata change of the region engine, run on {@code executor} because it allocates
 * ids from PD); membership changes, leader transfers and splits at keys the node would have to
 * pick are refused — they need the Raft-backed region engine and size-based split checks.
 * Thread-safe.
 */
final class LocalScheduling implements SchedulingCommandHandler {

  private final RegionEngine regions;
  private final long storeId;
  private final Executor executor;

  LocalScheduling(RegionEngine regions, long storeId, Executor executor) {
    this.regions = regions;
    this.storeId = storeId;
    this.executor = executor;
  }

  @Override
  public CompletionStage<?> handle(SchedulingCommand command) {
    if (command instanceof SchedulingCommand.SplitRegion split
        && split.policy() == CheckPolicy.USEKEY && !split.keys().isEmpty()) {
      RegionEpoch epoch = new RegionEpoch(split.epoch().getConfVer(), split.epoch().getVersion());
      // keys are region keys already; the mode only matters for checks of user keys
      RequestContext ctx = RequestContext.of(split.regionId(), epoch, storeId, 0, KeyMode.TXN);
      List<byte[]> keys = split.keys().stream().map(k -> k.toByteArray()).toList();
      return CompletableFuture.supplyAsync(() -> regions.split(ctx, keys), executor);
    }
    return CompletableFuture.failedFuture(new UnsupportedOperationException(
        "store " + storeId + " runs without replication and cannot carry out " + command));
  }
}
