package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftTestCluster.assertValue;
import static io.cairn.storage.raft.RaftTestCluster.await;
import static io.cairn.storage.raft.RaftTestCluster.bytes;
import static io.cairn.storage.raft.RaftTestCluster.put;
import static io.cairn.storage.raft.RaftTestCluster.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.region.PeerMeta;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SplitRaftTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void splitCreatesTheChildOnEveryStoreAndBumpsEpochs() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(31, 1, 2, 3);
      RegionPeer parent = c.awaitLeader(31, WAIT);
      for (char ch = 'a'; ch <= 'z'; ch++) {
        parent.propose(put(meta, String.valueOf(ch), "v" + ch)).join();
      }
      List<RegionMeta.NewRegion> child32 = List.of(new RegionMeta.NewRegion(32, List.of(321L, 322L, 323L)));
      assertThatThrownBy(() -> parent.split(meta.epoch(), List.of(new byte[0]), child32).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(IllegalArgumentException.class);

      // right-derive: the parent keeps [m, end), the child takes [start, m)
      List<RegionMeta> halves = parent.split(meta.epoch(), List.of(bytes("m")), child32).join();
      RegionMeta left = halves.get(0);
      RegionMeta right = halves.get(1);
      assertThat(left.epoch()).isEqualTo(new RegionEpoch(1, 2));
      assertThat(right.epoch()).isEqualTo(new RegionEpoch(1, 2));
      assertThat(right.endKey()).isEmpty();
      assertThat(right.startKey()).isEqualTo(bytes("m"));
      assertThat(right.id()).isEqualTo(31);
      assertThat(left.id()).isEqualTo(32);
      assertThat(left.peers()).extracting(PeerMeta::id).containsExactly(321L, 322L, 323L);
      assertThat(right.peers()).isEqualTo(meta.peers());

      RegionPeer child = c.awaitLeader(32, WAIT);
      for (long s = 1; s <= 3; s++) {
        long store = s;
        await(WAIT, () -> c.store(store).regionIds().contains(32L), "store " + store + " to host the child");
        await(WAIT, () -> c.store(store).region(31).meta().equals(right), "store " + store + " to shrink the parent");
      }
      assertThat(child.meta()).isEqualTo(left);

      // The parent's old epoch is stale now.
      assertThatThrownBy(() -> parent.propose(put(meta, "x", "stale")).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(RegionException.class, e -> assertThat(e.error()).isEqualTo(new RegionError.EpochNotMatch(List.of(right))));
      parent.propose(put(right, "x", "right")).join();
      Applied last = child.propose(put(left, "b", "left")).join();
      for (long s = 1; s <= 3; s++) {
        RatisRegionPeer p = (RatisRegionPeer) c.store(s).region(32);
        await(WAIT, () -> p.persistedApplied().index() >= last.index(), "store " + p.storeId() + " to apply the child's write");
        assertValue(c.engine(s), "b", "left");
        assertValue(c.engine(s), "c", "vc"); // keys already in the engine belong to the child now
      }

      // Restart: both regions come back, and nothing is applied twice.
      for (long s = 1; s <= 3; s++) {
        c.stop(s);
      }
      for (long s = 1; s <= 3; s++) {
        c.start(s);
      }
      RegionPeer child2 = c.awaitLeader(32, WAIT);
      RegionPeer parent2 = c.awaitLeader(31, WAIT);
      assertThat(child2.meta()).isEqualTo(left);
      assertThat(parent2.meta()).isEqualTo(right);
      child2.propose(put(left, "d", "again")).join();
      assertThat(((RatisRegionPeer) child2).applyCount()).isEqualTo(1);
      for (long s = 1; s <= 3; s++) {
        long store = s;
        await(WAIT, () -> "again".equals(read(c.engine(store), "d")), "store " + store + " to apply after restart");
        assertThat(RegionMeta.decode(c.engine(s).get(ColumnFamily.RAFT, RegionKeys.metaKey(31)))).isEqualTo(right);
      }
    }
  }
}
