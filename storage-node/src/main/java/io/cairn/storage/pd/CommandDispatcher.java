package io.cairn.storage.pd;

import io.cairn.proto.metapb.RegionEpoch;
import io.cairn.proto.pdpb.ChangePeer;
import io.cairn.proto.pdpb.RegionHeartbeatResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns PD's region heartbeat responses into {@link SchedulingCommand}s and hands each to the
 * {@link SchedulingCommandHandler} at most once while it is in progress.
 *
 * <p>PD repeats an unfinished command on every heartbeat, so the same command arrives again
 * and again until a heartbeat shows it done. A command is dropped when:
 * <ul>
 *   <li>this store has no replica of the region, or does not lead it (PD's view is
 *       older);</li>
 *   <li>its epoch is older than the local region's ({@code conf_ver} or {@code version}
 *       lower): the change it asks for was made, or the region changed under it;</li>
 *   <li>a command for the same region is still in progress: identical ones are repeats,
 *       different ones mean PD replaced its operator, and PD will send the new one again once
 *       the current one is done.</li>
 * </ul>
 * Thread-safe; {@link #offer} does not block unless the handler does.
 */
final class CommandDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

  /** What {@link #offer} did with a command. */
  enum Outcome { DISPATCHED, DUPLICATE, BUSY, STALE_EPOCH, NOT_LEADER, FAILED }

  private final long storeId;
  private final LocalRegions regions;
  private final SchedulingCommandHandler handler;
  private final Map<Long, SchedulingCommand> inProgress = new ConcurrentHashMap<>();

  CommandDispatcher(long storeId, LocalRegions regions, SchedulingCommandHandler handler) {
    this.storeId = storeId;
    this.regions = regions;
    this.handler = handler;
  }

  /**
   * The command a response carries, if any.
   *
   * @throws IllegalArgumentException for commands a Cairn node does not carry out (merge,
   *     joint-consensus ChangePeerV2) or malformed ones
   */
  static Optional<SchedulingCommand> decode(RegionHeartbeatResponse r) {
    long id = r.getRegionId();
    RegionEpoch epoch = r.getRegionEpoch();
    if (r.hasMerge()) {
      throw new IllegalArgumentException("region merge is not supported (region " + id + ")");
    }
    if (r.hasChangePeerV2() && r.getChangePeerV2().getChangesCount() > 0) {
      throw new IllegalArgumentException(
          "joint-consensus ChangePeerV2 is not supported (region " + id + ")");
    }
    int commands = (r.hasChangePeer() ? 1 : 0) + (r.hasTransferLeader() ? 1 : 0)
        + (r.hasSplitRegion() ? 1 : 0);
    if (commands == 0) {
      return Optional.empty();
    }
    if (commands > 1) {
      throw new IllegalArgumentException("more than one command for region " + id + ": " + r);
    }
    if (id == 0 || !r.hasRegionEpoch()) {
      throw new IllegalArgumentException("command without region id or epoch: " + r);
    }
    if (r.hasChangePeer()) {
      ChangePeer cp = r.getChangePeer();
      if (!cp.hasPeer() || cp.getPeer().getId() == 0 || cp.getPeer().getStoreId() == 0) {
        throw new IllegalArgumentException("change-peer without a complete peer: " + r);
      }
      return Optional.of(switch (cp.getChangeType()) {
        case AddNode -> new SchedulingCommand.AddPeer(id, epoch, cp.getPeer());
        case AddLearnerNode -> new SchedulingCommand.AddPeer(id, epoch, cp.getPeer().toBuilder()
            .setRole(io.cairn.proto.metapb.PeerRole.Learner).build());
        case RemoveNode -> new SchedulingCommand.RemovePeer(id, epoch, cp.getPeer());
        case UNRECOGNIZED -> throw new IllegalArgumentException("unknown change type: " + r);
      });
    }
    if (r.hasTransferLeader()) {
      var tl = r.getTransferLeader();
      if (!tl.hasPeer() && tl.getPeersCount() == 0) {
        throw new IllegalArgumentException("transfer-leader without a target: " + r);
      }
      var target = tl.hasPeer() ? tl.getPeer() : tl.getPeers(0);
      return Optional.of(new SchedulingCommand.TransferLeader(id, epoch, target,
          tl.getPeersList()));
    }
    var split = r.getSplitRegion();
    return Optional.of(new SchedulingCommand.SplitRegion(id, epoch, split.getPolicy(),
        split.getKeysList()));
  }

  /** Checks {@code command} against the local region and hands it over if it should run. */
  Outcome offer(SchedulingCommand command) {
    RegionStatus local = regions.region(command.regionId());
    if (local == null || !local.isLedBy(storeId)) {
      LOG.debug("dropping {}: store {} does not lead the region", command, storeId);
      return Outcome.NOT_LEADER;
    }
    RegionEpoch have = local.region().getRegionEpoch();
    RegionEpoch sent = command.epoch();
    if (sent.getConfVer() < have.getConfVer() || sent.getVersion() < have.getVersion()) {
      LOG.debug("dropping {}: local epoch is {}", command, have);
      return Outcome.STALE_EPOCH;
    }
    SchedulingCommand running = inProgress.putIfAbsent(command.regionId(), command);
    if (running != null) {
      return running.equals(command) ? Outcome.DUPLICATE : Outcome.BUSY;
    }
    CompletionStage<?> stage;
    try {
      stage = handler.handle(command);
      if (stage == null) {
        throw new NullPointerException("handler returned no stage for " + command);
      }
    } catch (RuntimeException e) {
      inProgress.remove(command.regionId(), command);
      LOG.error("scheduling command handler failed on {}", command, e);
      return Outcome.FAILED;
    }
    LOG.info("store {} carrying out {}", storeId, command);
    stage.whenComplete((ok, err) -> {
      inProgress.remove(command.regionId(), command);
      if (err != null) {
        LOG.warn("scheduling command {} failed: {}", command, err.toString());
      }
    });
    return Outcome.DISPATCHED;
  }

  /** How many commands are in progress. */
  int inProgress() {
    return inProgress.size();
  }
}
