package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most one {@link Operator} in flight per region and answers each region heartbeat with
 * the command to send, if any.
 *
 * <p>On a heartbeat: an operator the heartbeat shows done is dropped; one older than the timeout
 * is dropped (the node may have refused it), and so is one that adds a peer on, or moves the
 * leader to, a store that is no longer up; one still running is sent again (nodes treat a
 * repeated command as a no-op). Without one, the {@link Scheduler} decides on a view in which
 * the other in-flight operators count as done, so concurrent heartbeats do not all pick the same
 * least-loaded store.
 *
 * <p>Thread-safe.
 */
public final class OperatorController {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorController.class);

  private final Scheduler scheduler;
  private final LongSupplier ids;
  private final long timeoutMs;
  private final Map<Long, Operator> inFlight = new HashMap<>();

  /**
   * @param ids allocates peer ids for added peers
   * @param timeoutMs how long an operator may stay in flight
   */
  public OperatorController(Scheduler scheduler, LongSupplier ids, long timeoutMs) {
    this.scheduler = scheduler;
    this.ids = ids;
    this.timeoutMs = timeoutMs;
  }

  /** The operator to send with this heartbeat's answer, if any. */
  public synchronized Optional<Operator> onHeartbeat(RegionInfo region, ClusterView view,
      long nowMs) {
    // Regions that stopped heartbeating (merged away, or their leader store died) would
    // otherwise keep their operators, and those would skew the projected load forever.
    inFlight.values().removeIf(o -> o.regionId() != region.id()
        && nowMs - o.createdMs() > timeoutMs);
    Operator op = inFlight.get(region.id());
    if (op != null) {
      if (op.isDoneIn(region)) {
        LOG.info("operator done: {}", op);
        inFlight.remove(region.id());
      } else if (nowMs - op.createdMs() > timeoutMs) {
        LOG.warn("operator timed out after {} ms: {}", timeoutMs, op);
        inFlight.remove(region.id());
      } else if (op.kind() != Operator.Kind.REMOVE_PEER && view.health(op.peer().getStoreId()) != StoreHealth.UP) {
        // A peer cannot be added on, nor leadership moved to, a store that stopped
        // heartbeating; waiting for the timeout would hold up the region's repair.
        LOG.warn("operator cancelled, its target store {} is {}: {}", op.peer().getStoreId(),
            view.health(op.peer().getStoreId()), op);
        inFlight.remove(region.id());
      } else {
        return Optional.of(op);
      }
    }
    Optional<Decision> decision = scheduler.decide(region, view.projected(inFlight.values()));
    if (decision.isEmpty()) {
      return Optional.empty();
    }
    Operator created = toOperator(region, decision.get(), nowMs);
    inFlight.put(region.id(), created);
    LOG.info("operator created: {}", created);
    return Optional.of(created);
  }

  /** The operator in flight for {@code regionId}, if any. */
  public synchronized Optional<Operator> inFlight(long regionId) {
    return Optional.ofNullable(inFlight.get(regionId));
  }

  /** All operators in flight (a copy). */
  public synchronized List<Operator> all() {
    return new ArrayList<>(inFlight.values());
  }

  private Operator toOperator(RegionInfo region, Decision d, long nowMs) {
    var epoch = region.meta().getRegionEpoch();
    return switch (d) {
      case Decision.AddPeer add -> new Operator(region.id(), Operator.Kind.ADD_PEER,
          Peer.newBuilder().setId(ids.getAsLong()).setStoreId(add.storeId())
              .setRole(PeerRole.Voter).build(),
          0, epoch, nowMs, add.reason());
      case Decision.RemovePeer rm -> new Operator(region.id(), Operator.Kind.REMOVE_PEER,
          rm.peer(), 0, epoch, nowMs, rm.reason());
      case Decision.TransferLeader tl -> new Operator(region.id(),
          Operator.Kind.TRANSFER_LEADER, tl.target(), region.leaderStoreId(), epoch, nowMs,
          tl.reason());
    };
  }
}
