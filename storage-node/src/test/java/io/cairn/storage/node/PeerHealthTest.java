package io.cairn.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.metapb.Peer;
import io.cairn.proto.pdpb.PeerStats;
import io.cairn.storage.raft.LeaderProgress;
import io.cairn.storage.raft.LeaderProgress.Follower;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerHealthTest {

  private static final PeerHealth HEALTH = new PeerHealth(Duration.ofSeconds(5), 100);
  private static final RegionMeta REGION = new RegionMeta(7, null, null, new RegionEpoch(3, 1),
      List.of(new PeerMeta(71, 1, "a:1"), new PeerMeta(72, 2, "a:2"), new PeerMeta(73, 3, "a:3")));

  private static LeaderProgress progress(Follower... followers) {
    return new LeaderProgress(1000, 10, List.of(followers));
  }

  private static List<Long> ids(List<Peer> peers) {
    return peers.stream().map(Peer::getId).toList();
  }

  @Test
  void healthyFollowersAreNeitherDownNorPending() {
    var lagging = HEALTH.classify(REGION, 1,
        progress(new Follower(2, 1000, 50), new Follower(3, 950, 4999)));
    assertThat(lagging.down()).isEmpty();
    assertThat(lagging.pending()).isEmpty();
  }

  @Test
  void aSilentFollowerIsDownWithWholeSeconds() {
    var lagging = HEALTH.classify(REGION, 1,
        progress(new Follower(2, 1000, 50), new Follower(3, 1000, 7_900)));
    assertThat(lagging.down()).extracting(PeerStats::getPeer).extracting(Peer::getId)
        .containsExactly(73L);
    assertThat(lagging.down().get(0).getDownSeconds()).isEqualTo(7);
    assertThat(lagging.pending()).as("its log was caught up").isEmpty();
  }

  @Test
  void aFollowerFarBehindOrNeedingASnapshotIsPending() {
    var behind = HEALTH.classify(REGION, 1,
        progress(new Follower(2, 899, 50), new Follower(3, 900, 50)));
    assertThat(ids(behind.pending())).containsExactly(72L);
    var snapshot = new PeerHealth(Duration.ofSeconds(5), 10_000).classify(REGION, 1,
        progress(new Follower(2, 9, 50), new Follower(3, -1, 50)));
    assertThat(ids(snapshot.pending())).as("below the log start, or nothing matched yet")
        .containsExactly(72L, 73L);
  }

  @Test
  void aPeerTheLeaderDoesNotReplicateToYetIsPending() {
    var lagging = HEALTH.classify(REGION, 1, progress(new Follower(2, 1000, 50)));
    assertThat(ids(lagging.pending())).containsExactly(73L);
    assertThat(lagging.down()).isEmpty();
  }

  @Test
  void aStuckFollowerCanBeDownAndPending() {
    var lagging = HEALTH.classify(REGION, 2,
        progress(new Follower(1, 1000, 10), new Follower(3, 5, 60_000)));
    assertThat(lagging.down()).extracting(PeerStats::getDownSeconds).containsExactly(60L);
    assertThat(ids(lagging.pending())).containsExactly(73L);
  }

  @Test
  void noProgressNoReport() {
    var lagging = HEALTH.classify(REGION, 1, null);
    assertThat(lagging.down()).isEmpty();
    assertThat(lagging.pending()).isEmpty();
  }
}
