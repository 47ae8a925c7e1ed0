package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftTestCluster.assertValue;
import static io.cairn.storage.raft.RaftTestCluster.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SingleReplicaRaftTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void proposeAppliesWithAppliedIndexAndRestartDoesNotReapply() throws Exception {
    Applied last;
    try (RaftTestCluster c = new RaftTestCluster(dir, 1, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(7, 1);
      RegionPeer leader = c.awaitLeader(7, WAIT);
      assertThat(leader.meta()).isEqualTo(meta);
      Applied prev = Applied.NONE;
      for (int i = 0; i < 50; i++) {
        Applied a = leader.propose(put(meta, "k" + i, "v" + i)).join();
        assertThat(a.index()).isGreaterThan(prev.index());
        prev = a;
        // applied locally when the future completes
        assertValue(c.engine(1), "k" + i, "v" + i);
      }
      last = prev;
      // Ratis may append a metadata entry (commit index) after the last command, which only
      // advances the applied index.
      Applied persisted = RegionKeys.decodeApplied(c.engine(1).get(ColumnFamily.RAFT, RegionKeys.appliedKey(7)));
      assertThat(persisted.index()).isGreaterThanOrEqualTo(last.index()).isLessThanOrEqualTo(last.index() + 1);
      assertThat(persisted.term()).isEqualTo(last.term());
      assertThat(leader.readIndex().join()).isGreaterThanOrEqualTo(last.index());
      assertThat(((RatisRegionPeer) leader).applyCount()).isEqualTo(50);

      c.stop(1);
      c.start(1);
      RatisRegionPeer again = (RatisRegionPeer) c.awaitLeader(7, WAIT);
      for (int i = 0; i < 50; i++) {
        assertValue(c.engine(1), "k" + i, "v" + i);
      }
      // The log replays from the last snapshot (none here), and every entry is skipped.
      assertThat(again.applyCount()).isZero();
      assertThat(again.persistedApplied().index()).isGreaterThanOrEqualTo(last.index());
      Applied next = again.propose(put(meta, "after", "restart")).join();
      assertThat(next.index()).isGreaterThan(last.index());
      assertThat(again.applyCount()).isEqualTo(1);
    }
  }

  @Test
  void staleEpochIsRejectedOnEveryReplicaAndMetaChangesApply() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 1, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(3, 1);
      RegionPeer leader = c.awaitLeader(3, WAIT);
      RegionMeta bumped = new RegionMeta(3, new byte[0], new byte[0], new RegionEpoch(1, 2), meta.peers());
      leader.propose(new RaftCommand(meta.epoch(), List.of(), bumped)).join();
      assertThat(leader.meta()).isEqualTo(bumped);
      assertThat(RegionMeta.decode(c.engine(1).get(ColumnFamily.RAFT, RegionKeys.metaKey(3)))).isEqualTo(bumped);

      assertThatThrownBy(() -> leader.propose(put(meta, "a", "b")).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              RegionException.class,
              e -> assertThat(e.error()).isEqualTo(new RegionError.EpochNotMatch(List.of(bumped))));
      assertThat(RaftTestCluster.read(c.engine(1), "a")).isNull();
      leader.propose(put(bumped, "a", "b")).join();
      assertValue(c.engine(1), "a", "b");
    }
  }

  @Test
  void unknownRegionIsRegionNotFound() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 1, RaftTestCluster::defaults)) {
      assertThatThrownBy(() -> c.store(1).region(99))
          .isInstanceOfSatisfying(RegionException.class, e -> assertThat(e.error()).isEqualTo(new RegionError.RegionNotFound(99)));
    }
  }
}
