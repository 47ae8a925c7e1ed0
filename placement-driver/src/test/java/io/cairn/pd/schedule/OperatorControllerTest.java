package io.cairn.pd.schedule;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import io.cairn.pd.cluster.StoreLoad;
import io.cairn.proto.metapb.Peer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OperatorControllerTest {

  private final AtomicLong ids = new AtomicLong(500);
  private final OperatorController controller = new OperatorController(
      new Scheduler(new ReplicaChecker(3), new LeaderBalancer(2)), ids::incrementAndGet, 10_000);

  private static StoreLoad up(long id, int regions, int leaders) {
    return new StoreLoad(id, StoreHealth.UP, regions, leaders);
  }

  private static RegionInfo r(long id, long... peerStores) {
    var peers = new io.cairn.proto.metapb.Peer[peerStores.length];
    for (int i = 0; i < peerStores.length; i++) {
      peers[i] = peer(id * 10 + i, peerStores[i]);
    }
    return RegionInfo.of(region(id, "", "", 1, peers)).withLeader(peers[0]);
  }

  @Test
  void repeatsTheOperatorUntilTheHeartbeatShowsItDone() {
    ClusterView view = ClusterView.of(List.of(up(1, 1, 1), up(2, 0, 0), up(3, 0, 0)));
    Operator op = controller.onHeartbeat(r(1, 1), view, 0).orElseThrow();
    assertThat(op.kind()).isEqualTo(Operator.Kind.ADD_PEER);
    assertThat(op.peer().getId()).isEqualTo(501);
    assertThat(controller.onHeartbeat(r(1, 1), view, 10)).contains(op);
    RegionInfo added = RegionInfo.of(region(1, "", "", 1, peer(10, 1), op.peer()))
        .withLeader(peer(10, 1));
    Operator next = controller.onHeartbeat(added, view, 20).orElseThrow();
    assertThat(next).isNotEqualTo(op);
    assertThat(next.peer().getStoreId()).isNotEqualTo(op.peer().getStoreId());
  }

  @Test
  void timedOutOperatorsAreDropped() {
    ClusterView view = ClusterView.of(List.of(up(1, 1, 1), up(2, 0, 0)));
    Operator op = controller.onHeartbeat(r(1, 1), view, 0).orElseThrow();
    Operator again = controller.onHeartbeat(r(1, 1), view, 10_001).orElseThrow();
    assertThat(again.peer().getId()).as("a fresh operator with a new peer id")
        .isNotEqualTo(op.peer().getId());
  }

  @Test
  void aTransferToAStoreThatWentDownIsCancelledAtOnce() {
    ClusterView balanced = ClusterView.of(List.of(up(1, 9, 6), up(2, 9, 0), up(3, 9, 3)));
    Operator transfer = controller.onHeartbeat(r(1, 1, 2, 3), balanced, 0).orElseThrow();
    assertThat(transfer.kind()).isEqualTo(Operator.Kind.TRANSFER_LEADER);
    assertThat(transfer.peer().getStoreId()).isEqualTo(2);
    ClusterView storeDown = ClusterView.of(List.of(up(1, 9, 6),
        new StoreLoad(2, StoreHealth.DOWN, 9, 0), up(3, 9, 3)));
    // Well within the timeout, the next heartbeat no longer repeats the transfer.
    Operator next = controller.onHeartbeat(r(1, 1, 2, 3), storeDown, 10).orElse(null);
    assertThat(next).isNotEqualTo(transfer);
    assertThat(next == null || next.kind() != Operator.Kind.TRANSFER_LEADER || next.peer().getStoreId() != 2)
        .as("no transfer to the down store: %s", next).isTrue();
  }

  @Test
  void inFlightAddsSpreadNewPeersOverStores() {
    ClusterView view = ClusterView.of(List.of(up(1, 3, 3), up(2, 0, 0), up(3, 0, 0)));
    Operator a = controller.onHeartbeat(r(1, 1), view, 0).orElseThrow();
    Operator b = controller.onHeartbeat(r(2, 1), view, 0).orElseThrow();
    assertThat(a.peer().getStoreId()).isNotEqualTo(b.peer().getStoreId());
  }

  @Test
  void inFlightTransfersCountTowardsLeaderBalance() {
    ClusterView view = ClusterView.of(List.of(up(1, 9, 6), up(2, 9, 0), up(3, 9, 3)));
    Operator first = controller.onHeartbeat(r(1, 1, 2, 3), view, 0).orElseThrow();
    assertThat(first.kind()).isEqualTo(Operator.Kind.TRANSFER_LEADER);
    assertThat(first.peer().getStoreId()).isEqualTo(2);
    // projected: store 1 has 5, store 2 has 1 → another move, to store 2 again (fewest)
    Operator second = controller.onHeartbeat(r(2, 1, 2, 3), view, 0).orElseThrow();
    assertThat(second.peer().getStoreId()).isEqualTo(2);
    // projected: 4 / 2 / 3 → within the threshold
    assertThat(controller.onHeartbeat(r(3, 1, 2, 3), view, 0)).isEmpty();
  }

  @Test
  void operatorsOfSilentRegionsExpireAndStopSkewingTheLoad() {
    ClusterView view = ClusterView.of(List.of(up(1, 3, 3), up(2, 0, 0), up(3, 0, 0)));
    Operator silent = controller.onHeartbeat(r(1, 1), view, 0).orElseThrow();
    assertThat(silent.peer().getStoreId()).isEqualTo(2);
    // while region 1's add to store 2 is in flight, store 3 looks less loaded (ties go to the
    // lower id)
    assertThat(controller.onHeartbeat(r(2, 1), view, 1).orElseThrow().peer().getStoreId())
        .isEqualTo(3);
    // region 1 never reports again; after the timeout its operator is gone
    controller.onHeartbeat(r(3, 1, 2, 3), view, 20_000);
    assertThat(controller.inFlight(1)).isEmpty();
  }

  private OperatorController balancing(int regionLimit, int storeLimit) {
    return new OperatorController(new Scheduler(new ReplicaChecker(3), new LeaderBalancer(2),
        new RegionBalancer(3, 2, LocationIsolation.none())), ids::incrementAndGet, 10_000,
        regionLimit, storeLimit);
  }

  private static RegionInfo withPeers(RegionInfo r, Peer leader, List<Peer> pending,
      Peer... peers) {
    return new RegionInfo(region(r.id(), "", "", 2, peers), leader, List.of(), pending, 0, 0);
  }

  @Test
  void aMoveAddsThenWaitsForTheNewPeerToCatchUpThenRemoves() {
    OperatorController c = balancing(4, 2);
    ClusterView view = ClusterView.of(List.of(up(1, 10, 0), up(2, 10, 0), up(3, 10, 0),
        up(4, 0, 0)));
    RegionInfo r = r(1, 1, 2, 3);
    Operator add = c.onHeartbeat(r, view, 0).orElseThrow();
    assertThat(add.kind()).isEqualTo(Operator.Kind.ADD_PEER);
    assertThat(add.origin()).isEqualTo(Operator.Origin.BALANCE_REGION);
    assertThat(add.peer().getStoreId()).isEqualTo(4);
    assertThat(add.thenRemove()).as("ties go to the lower store id").isEqualTo(peer(11, 2));
    Peer[] four = {peer(10, 1), peer(11, 2), peer(12, 3), add.peer()};
    RegionInfo catchingUp = withPeers(r, peer(10, 1), List.of(add.peer()), four);
    assertThat(c.onHeartbeat(catchingUp, view, 10)).as("the new peer is still pending")
        .contains(add);
    RegionInfo caughtUp = withPeers(r, peer(10, 1), List.of(), four);
    Operator remove = c.onHeartbeat(caughtUp, view, 20).orElseThrow();
    assertThat(remove.kind()).isEqualTo(Operator.Kind.REMOVE_PEER);
    assertThat(remove.peer()).isEqualTo(peer(11, 2));
    RegionInfo moved = withPeers(r, peer(10, 1), List.of(), peer(10, 1), peer(12, 3),
        add.peer());
    assertThat(c.onHeartbeat(moved, view, 30)).isEmpty();
    assertThat(c.inFlight(1)).isEmpty();
  }

  @Test
  void aMovedReplicaThatBecameLeaderHandsLeadershipOnFirst() {
    OperatorController c = balancing(4, 2);
    ClusterView view = ClusterView.of(List.of(up(1, 10, 5), up(2, 10, 5), up(3, 10, 5),
        up(4, 0, 0)));
    RegionInfo r = r(1, 1, 2, 3);
    Operator add = c.onHeartbeat(r, view, 0).orElseThrow();
    Peer victim = add.thenRemove();
    Peer[] four = {peer(10, 1), peer(11, 2), peer(12, 3), add.peer()};
    RegionInfo victimLeads = withPeers(r, victim, List.of(), four);
    Operator transfer = c.onHeartbeat(victimLeads, view, 10).orElseThrow();
    assertThat(transfer.kind()).isEqualTo(Operator.Kind.TRANSFER_LEADER);
    assertThat(transfer.peer().getStoreId()).isNotEqualTo(victim.getStoreId());
    RegionInfo handedOver = withPeers(r, transfer.peer(), List.of(), four);
    Operator remove = c.onHeartbeat(handedOver, view, 20).orElseThrow();
    assertThat(remove.kind()).isEqualTo(Operator.Kind.REMOVE_PEER);
    assertThat(remove.peer()).isEqualTo(victim);
  }

  @Test
  void regionMovesAreRateLimited() {
    OperatorController c = balancing(3, 2);
    // stores 1..3 full, 4 and 5 empty: every region wants a move
    ClusterView view = ClusterView.of(List.of(up(1, 30, 10), up(2, 30, 10), up(3, 30, 10),
        up(4, 0, 0), up(5, 0, 0)));
    int moves = 0;
    java.util.Map<Long, Integer> touching = new java.util.HashMap<>();
    for (long id = 1; id <= 10; id++) {
      var op = c.onHeartbeat(r(id, 1, 2, 3), view, 0);
      if (op.isPresent()) {
        moves++;
        touching.merge(op.get().peer().getStoreId(), 1, Integer::sum);
        touching.merge(op.get().thenRemove().getStoreId(), 1, Integer::sum);
      }
    }
    assertThat(moves).as("region-schedule-limit").isEqualTo(3);
    assertThat(touching.values()).as("store limit %s", touching).allMatch(n -> n <= 2);
    // repair is not limited
    assertThat(c.onHeartbeat(r(11, 1), view, 0)).hasValueSatisfying(op ->
        assertThat(op.origin()).isEqualTo(Operator.Origin.REPAIR));
  }
}
