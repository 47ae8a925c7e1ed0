package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftTestCluster.assertValue;
import static io.cairn.storage.raft.RaftTestCluster.await;
import static io.cairn.storage.raft.RaftTestCluster.put;
import static io.cairn.storage.raft.RaftTestCluster.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three stores in one JVM, three Raft servers on loopback, three RocksEngines. */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreeStoreRaftTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long REGION = 11;

  @TempDir Path dir;

  @Test
  void replicatesAndFollowersAnswerNotLeaderWithHint() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      for (int i = 0; i < 100; i++) {
        leader.propose(put(meta, "k" + i, "v" + i)).join();
      }
      for (long s = 1; s <= 3; s++) {
        long store = s;
        await(WAIT, () -> "v99".equals(read(c.engine(store), "k99")), "store " + store + " to apply k99");
        for (int i = 0; i < 100; i++) {
          assertValue(c.engine(s), "k" + i, "v" + i);
        }
      }

      long follower = leader.storeId() % 3 + 1;
      RegionPeer f = c.store(follower).region(REGION);
      assertThat(f.isLeader()).isFalse();
      assertThat(f.leaderStoreId()).isEqualTo(leader.storeId());
      assertThatThrownBy(() -> f.propose(put(meta, "x", "y")).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              RegionException.class,
              e -> assertThat(e.error())
                  .isEqualTo(new RegionError.NotLeader(REGION, meta.peerOn(leader.storeId()))));

      // A replica read: the follower's barrier covers the leader's last write.
      Applied last = leader.propose(put(meta, "fresh", "1")).join();
      assertThat(f.readIndex().join()).isGreaterThanOrEqualTo(last.index());
      assertValue(c.engine(follower), "fresh", "1");

      leader.transferLeadership(follower).join();
      await(WAIT, f::isLeader, "store " + follower + " to lead after the transfer");
      f.propose(put(meta, "k0", "moved")).join();
      await(WAIT, () -> "moved".equals(read(c.engine(leader.storeId()), "k0")), "old leader to apply");
    }
  }

  @Test
  void leaderKilledMidWorkloadLosesNoAcknowledgedWrite() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      c.awaitLeader(REGION, WAIT);
      ConcurrentLinkedQueue<Integer> acked = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong lastAckNanos = new AtomicLong(System.nanoTime());
      List<Throwable> writerErrors = new ArrayList<>();
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int i = 0; !stop.get(); i++) {
                    proposeRouted(c, REGION, put(meta, "w" + i, "v" + i), WAIT);
                    acked.add(i);
                    lastAckNanos.set(System.nanoTime());
                  }
                } catch (Throwable t) {
                  writerErrors.add(t);
                }
              },
              "writer");
      writer.start();
      await(WAIT, () -> acked.size() >= 100, "100 acknowledged writes");
      long oldLeader = c.awaitLeader(REGION, WAIT).storeId();
      long killedAt = System.nanoTime();
      c.stop(oldLeader);
      await(WAIT, () -> lastAckNanos.get() > killedAt, "a write acknowledged after the leader was killed");
      System.out.printf("first write after killing the leader: %.0f ms%n", (lastAckNanos.get() - killedAt) / 1e6);
      int atKill = acked.size();
      await(WAIT, () -> acked.size() >= atKill + 100, "100 more writes on the new leader");
      c.start(oldLeader);
      await(WAIT, () -> acked.size() >= atKill + 200, "writes while the old leader catches up");
      stop.set(true);
      writer.join(WAIT.toMillis());
      assertThat(writerErrors).isEmpty();
      int lastAcked = acked.stream().mapToInt(Integer::intValue).max().orElseThrow();
      for (long s = 1; s <= 3; s++) {
        long store = s;
        await(WAIT, () -> ("v" + lastAcked).equals(read(c.engine(store), "w" + lastAcked)), "store " + store + " to catch up");
        for (int i : acked) {
          assertValue(c.engine(s), "w" + i, "v" + i);
        }
      }
    }
  }

  @Test
  void restartOfAllStoresKeepsStateWithoutReapplying() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      Applied last = null;
      for (int i = 0; i < 150; i++) {
        last = leader.propose(put(meta, "k" + i, "v" + i)).join();
      }
      long lastIndex = last.index();
      for (long s = 1; s <= 3; s++) {
        RatisRegionPeer p = (RatisRegionPeer) c.store(s).region(REGION);
        await(WAIT, () -> p.persistedApplied().index() >= lastIndex, "store " + p.storeId() + " to apply everything");
      }
      for (long s = 1; s <= 3; s++) {
        c.stop(s);
      }
      for (long s = 1; s <= 3; s++) {
        c.start(s);
      }
      RegionPeer again = c.awaitLeader(REGION, WAIT);
      Applied next = again.propose(put(meta, "after", "restart")).join();
      for (long s = 1; s <= 3; s++) {
        RatisRegionPeer p = (RatisRegionPeer) c.store(s).region(REGION);
        await(WAIT, () -> p.persistedApplied().index() >= next.index(), "store " + p.storeId() + " to apply the new write");
        // Only the write after the restart reached the engine; the replayed log was skipped.
        assertThat(p.applyCount()).as("applies on store %d after restart", s).isEqualTo(1);
        for (int i = 0; i < 150; i++) {
          assertValue(c.engine(s), "k" + i, "v" + i);
        }
      }
    }
  }

  @Test
  void laggingFollowerBehindPurgedLogCatchesUpBySnapshot() throws Exception {
    try (RaftTestCluster c =
        new RaftTestCluster(dir, 3, b -> RaftTestCluster.defaults(b).snapshotThreshold(64).logSegmentSize(16 * 1024))) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      long lagging = leader.storeId() % 3 + 1;
      leader.propose(put(meta, "before", "stop")).join();
      await(WAIT, () -> "stop".equals(read(c.engine(lagging), "before")), "the follower to apply the first write");
      c.stop(lagging);
      String pad = "x".repeat(200);
      for (int i = 0; i < 600; i++) {
        leader.propose(put(meta, "k" + i, pad + i)).join();
      }
      RatisRegionPeer lp = (RatisRegionPeer) leader;
      await(WAIT, () -> lp.division().getRaftLog().getStartIndex() > 100, "the leader to purge its log");

      c.start(lagging);
      RatisRegionPeer f = (RatisRegionPeer) c.store(lagging).region(REGION);
      await(WAIT, () -> f.installCount() >= 1, "a snapshot install on store " + lagging);
      Applied last = leader.propose(put(meta, "after", "install")).join();
      await(WAIT, () -> f.persistedApplied().index() >= last.index(), "the follower to apply past the snapshot");
      for (int i = 0; i < 600; i++) {
        assertValue(c.engine(lagging), "k" + i, pad + i);
      }
      assertValue(c.engine(lagging), "after", "install");
      assertValue(c.engine(lagging), "before", "stop");
    }
  }

  /** Proposes to whichever store leads, following hints and retrying retryable failures. */
  static Applied proposeRouted(RaftTestCluster c, long region, RaftCommand cmd, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long target = 0;
    while (true) {
      try {
        RegionPeer p = target != 0 && c.liveStores().contains(target) ? c.store(target).region(region) : c.awaitLeader(region, timeout);
        return p.propose(cmd).join();
      } catch (CompletionException | RegionException | IllegalStateException e) {
        Throwable cause = e instanceof CompletionException ? e.getCause() : e;
        if (cause instanceof RegionException re && re.error() instanceof RegionError.NotLeader nl) {
          target = nl.leader() == null ? 0 : nl.leader().storeId();
        } else if (cause instanceof RegionException || cause instanceof IllegalStateException) {
          target = 0;
        } else {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no leader accepted the write within " + timeout, e);
        }
        RaftTestCluster.pause(10);
      }
    }
  }
}
