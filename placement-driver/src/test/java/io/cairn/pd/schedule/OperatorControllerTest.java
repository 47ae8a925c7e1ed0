package io.cairn.pd.schedule;

import static io.cairn.pd.cluster.Fixtures.peer;
import static io.cairn.pd.cluster.Fixtures.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pd.cluster.RegionInfo;
import io.cairn.pd.cluster.StoreHealth;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OperatorControllerTest {

  private final AtomicLong ids = new AtomicLong(500);
  private final OperatorController controller = new OperatorController(
      new Scheduler(new ReplicaChecker(3), new LeaderBalancer(2)), ids::incrementAndGet, 10_000);

  private static StoreView up(long id, int regions, int leaders) {
    return new StoreView(id, StoreHealth.UP, regions, leaders);
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
        new StoreView(2, StoreHealth.DOWN, 9, 0), up(3, 9, 3)));
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
}
