package io.cairn.storage.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.junit.jupiter.api.Test;

/** Every Raft-side failure becomes one of the {@link RegionError}s the node service maps. */
class RaftErrorsTest {
  private static final RegionMeta META =
      new RegionMeta(4, null, null, RegionEpoch.INITIAL,
          List.of(new PeerMeta(41, 1, "h:1"), new PeerMeta(42, 2, "h:2")));

  @Test
  void notLeaderHintIsTheLeadersPeer() {
    assertThat(RaftErrors.notLeader(4, META, 2).error())
        .isEqualTo(new RegionError.NotLeader(4, new PeerMeta(42, 2, "h:2")));
    assertThat(RaftErrors.notLeader(4, META, 0).error()).isEqualTo(new RegionError.NotLeader(4, null));
    // a leader this replica's meta does not list yet still names its store
    assertThat(RaftErrors.notLeader(4, META, 3).error()).isEqualTo(new RegionError.NotLeader(4, new PeerMeta(0, 3)));
    assertThat(RaftErrors.notLeader(4, null, 2).error()).isEqualTo(new RegionError.NotLeader(4, new PeerMeta(0, 2)));
  }

  @Test
  void epochNotMatchCarriesTheRegionNow() {
    assertThat(RaftErrors.epochNotMatch(META).error()).isEqualTo(new RegionError.EpochNotMatch(List.of(META)));
  }

  @Test
  void ratisFailuresMapToRegionErrors() {
    RaftGroupMemberId member = RaftGroupMemberId.valueOf(RaftStore.peerId(1), RaftStore.groupId(4));
    RaftPeer leader = RaftStore.raftPeer(META.peerOn(2));
    NotLeaderException nle = new NotLeaderException(member, leader, List.of());

    assertThat(error(nle, false)).isEqualTo(new RegionError.NotLeader(4, META.peerOn(2)));
    // once proposed, losing leadership leaves the command's fate open
    assertThat(error(nle, true)).isEqualTo(new RegionError.StaleCommand(4));
    assertThat(error(new LeaderSteppingDownException("x"), true)).isEqualTo(new RegionError.StaleCommand(4));
    assertThat(error(new GroupMismatchException("x"), false)).isEqualTo(new RegionError.RegionNotFound(4));
    // a proposal without an outcome in time may still be applied: its fate is unknown too
    assertThat(error(new TimeoutException("x"), true)).isEqualTo(new RegionError.StaleCommand(4));
    assertThat(error(new TimeoutException("x"), false)).isInstanceOf(RegionError.ServerIsBusy.class);
    assertThat(error(new AlreadyClosedException("x"), false)).isInstanceOf(RegionError.ServerIsBusy.class);
    assertThat(error(new IllegalStateException("x"), false)).isInstanceOf(RegionError.ServerIsBusy.class);

    RegionException already = RaftErrors.regionNotFound(4, null);
    assertThat(RatisRegionPeer.mapFailure(4, META, already, true)).isSameAs(already);
    RegionException busy = RatisRegionPeer.mapFailure(4, META, new TimeoutException("slow"), false);
    assertThat(busy.getCause()).isInstanceOf(TimeoutException.class);
    assertThat(((RegionError.ServerIsBusy) busy.error()).reason()).contains("region 4").contains("timed out");
  }

  private static RegionError error(Throwable t, boolean proposed) {
    return RatisRegionPeer.mapFailure(4, META, t, proposed).error();
  }
}
