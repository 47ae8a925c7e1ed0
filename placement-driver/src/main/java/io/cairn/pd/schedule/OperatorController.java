package io.cairn.pd.schedule;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.PeerRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at most one {@link Operator} in flight per region and answers each region heartbeat with
 * the command to send, if any.
 *
 * <p>On a heartbeat: an operator the heartbeat shows done is dropped, or, when it is a step of a
 * replica move, followed by the move's next step (remove the old replica; if that replica has
 * meanwhile become leader, first move leadership to another caught-up voter). One older than
 * the timeout is dropped (the node may have refused it), and so is one that adds a peer on, or
 * moves the leader to, a store that is no longer up; one still running is sent again (nodes
 * treat a repeated command as a no-op). Without one, the {@link Scheduler} decides on a view in
 * which the other in-flight operators count as done, so concurrent heartbeats do not all pick
 * the same least-loaded store.
 *
 * <p>Rate limits: at most {@code regionScheduleLimit} region-balance moves in flight, and at most
 * {@code storeLimit} of them touching (adding to or removing from) any one store. Repair and
 * leader transfers are not limited.
 *
 * <p>Thread-safe.
 */
public final class OperatorController {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorController.class);

  private final Scheduler scheduler;
  private final LongSupplier ids;
  private final long timeoutMs;
  private final int regionScheduleLimit;
  private final int storeLimit;
  private final Map<Long, Operator> inFlight = new HashMap<>();

  /**
   * @param ids allocates peer ids for added peers
   * @param timeoutMs how long an operator may stay in flight
   * @param regionScheduleLimit region-balance moves in flight at once
   * @param storeLimit region-balance moves in flight at once touching one store
   */
  public OperatorController(Scheduler scheduler, LongSupplier ids, long timeoutMs,
      int regionScheduleLimit, int storeLimit) {
    if (regionScheduleLimit < 1 || storeLimit < 1) {
      throw new IllegalArgumentException("limits must be >= 1: " + regionScheduleLimit + ", "
          + storeLimit);
    }
    this.scheduler = scheduler;
    this.ids = ids;
    this.timeoutMs = timeoutMs;
    this.regionScheduleLimit = regionScheduleLimit;
    this.storeLimit = storeLimit;
  }

  /** Four region moves in flight, two per store. */
  public OperatorController(Scheduler scheduler, LongSupplier ids, long timeoutMs) {
    this(scheduler, ids, timeoutMs, 4, 2);
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
        Optional<Operator> next = nextStep(region, op, nowMs);
        if (next.isPresent()) {
          inFlight.put(region.id(), next.get());
          LOG.info("operator created: {}", next.get());
          return next;
        }
      } else if (nowMs - op.createdMs() > timeoutMs) {
        LOG.warn("operator timed out after {} ms: {}", timeoutMs, op);
        inFlight.remove(region.id());
      } else if (op.kind() != Operator.Kind.REMOVE_PEER
          && view.health(op.peer().getStoreId()) != StoreHealth.UP) {
        // A peer cannot be added on, nor leadership moved to, a store that stopped
        // heartbeating; waiting for the timeout would hold up the region's repair.
        LOG.warn("operator cancelled, its target store {} is {}: {}", op.peer().getStoreId(),
            view.health(op.peer().getStoreId()), op);
        inFlight.remove(region.id());
      } else {
        return Optional.of(op);
      }
    }
    Optional<Decision> decision = scheduler.decide(region, view.projected(inFlight.values()),
        budget());
    if (decision.isEmpty()) {
      return Optional.empty();
    }
    Operator created = toOperator(region, decision.get(), nowMs);
    inFlight.put(region.id(), created);
    LOG.info("operator created: {}", created);
    return Optional.of(created);
  }

  private Scheduler.Budget budget() {
    int moves = 0;
    Map<Long, Integer> perStore = new HashMap<>();
    for (Operator o : inFlight.values()) {
      if (o.origin() != Operator.Origin.BALANCE_REGION) {
        continue;
      }
      moves++;
      if (o.kind() != Operator.Kind.TRANSFER_LEADER) {
        perStore.merge(o.peer().getStoreId(), 1, Integer::sum);
      }
      if (o.thenRemove() != null) {
        perStore.merge(o.thenRemove().getStoreId(), 1, Integer::sum);
      }
    }
    Set<Long> busy = new HashSet<>();
    perStore.forEach((store, n) -> {
      if (n >= storeLimit) {
        busy.add(store);
      }
    });
    return new Scheduler.Budget(moves < regionScheduleLimit, busy);
  }

  /** The step that follows {@code done} in a replica move, if any. */
  private Optional<Operator> nextStep(RegionInfo region, Operator done, long nowMs) {
    Peer victim = done.thenRemove();
    if (victim == null || region.meta().getPeersList().stream()
        .noneMatch(p -> p.getId() == victim.getId())) {
      return Optional.empty();
    }
    var epoch = region.meta().getRegionEpoch();
    if (region.leaderStoreId() != victim.getStoreId()) {
      return Optional.of(new Operator(region.id(), Operator.Kind.REMOVE_PEER, victim, 0, epoch,
          nowMs, done.reason(), null, done.origin()));
    }
    // Raft could remove its own leader, but the region would be leaderless until an election;
    // PD moves leadership away first, to a caught-up voter.
    Optional<Peer> heir = region.meta().getPeersList().stream()
        .filter(p -> p.getId() != victim.getId() && p.getRole() == PeerRole.Voter)
        .filter(p -> !region.isLagging(p))
        .min(Comparator.comparingLong(Peer::getStoreId));
    if (heir.isEmpty()) {
      LOG.warn("region {}: no caught-up voter to take leadership before removing {}",
          region.id(), victim);
      return Optional.empty();
    }
    return Optional.of(new Operator(region.id(), Operator.Kind.TRANSFER_LEADER, heir.get(),
        victim.getStoreId(), epoch, nowMs, done.reason(), victim, done.origin()));
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
          newPeer(add.storeId()), 0, epoch, nowMs, add.reason(), null, Operator.Origin.REPAIR);
      case Decision.RemovePeer rm -> new Operator(region.id(), Operator.Kind.REMOVE_PEER,
          rm.peer(), 0, epoch, nowMs, rm.reason(), null, Operator.Origin.REPAIR);
      case Decision.MovePeer mv -> new Operator(region.id(), Operator.Kind.ADD_PEER,
          newPeer(mv.toStoreId()), 0, epoch, nowMs, mv.reason(), mv.from(),
          Operator.Origin.BALANCE_REGION);
      case Decision.TransferLeader tl -> new Operator(region.id(),
          Operator.Kind.TRANSFER_LEADER, tl.target(), region.leaderStoreId(), epoch, nowMs,
          tl.reason(), null, Operator.Origin.BALANCE_LEADER);
    };
  }

  private Peer newPeer(long storeId) {
    return Peer.newBuilder().setId(ids.getAsLong()).setStoreId(storeId)
        .setRole(PeerRole.Voter).build();
  }
}
