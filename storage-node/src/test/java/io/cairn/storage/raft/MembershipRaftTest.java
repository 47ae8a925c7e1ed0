package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftTestCluster.assertValue;
import static io.cairn.storage.raft.RaftTestCluster.await;
import static io.cairn.storage.raft.RaftTestCluster.bytes;
import static io.cairn.storage.raft.RaftTestCluster.put;
import static io.cairn.storage.raft.RaftTestCluster.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
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

/** Replicas joining, leaving and rejoining a region, and an install interrupted by a crash. */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MembershipRaftTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long REGION = 21;

  @TempDir Path dir;

  @Test
  void installInterruptedByACrashIsRedoneFromTheLeaderOnRestart() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      Applied last = null;
      for (int i = 0; i < 100; i++) {
        last = leader.propose(put(meta, "k" + i, "v" + i)).join();
      }
      long victim = leader.storeId() % 3 + 1;
      long lastIndex = last.index();
      RatisRegionPeer f = (RatisRegionPeer) c.store(victim).region(REGION);
      await(WAIT, () -> f.persistedApplied().index() >= lastIndex, "the follower to apply everything");
      c.stop(victim);
      // What a crash between the first and last batch of an install leaves: the marker, and
      // the region's data half gone.
      c.editStoppedEngine(
          victim,
          e -> {
            WriteBatch b = e.newWriteBatch();
            b.put(ColumnFamily.RAFT, RegionKeys.installingKey(REGION), RegionKeys.encodeApplied(new Applied(9, 999)));
            b.deleteRange(ColumnFamily.WRITE, RaftTestCluster.bytes("k0"), RaftTestCluster.bytes("k5"));
            e.write(b, true);
          });
      c.start(victim);
      Applied next = leader.propose(put(meta, "after", "crash")).join();
      RatisRegionPeer again = (RatisRegionPeer) c.store(victim).region(REGION);
      await(WAIT, () -> again.persistedApplied().index() >= next.index(), "the restarted follower to apply past the reinstall");
      assertThat(again.installCount()).isEqualTo(1);
      assertThat(c.engine(victim).get(ColumnFamily.RAFT, RegionKeys.installingKey(REGION))).isNull();
      for (int i = 0; i < 100; i++) {
        assertValue(c.engine(victim), "k" + i, "v" + i);
      }
      assertValue(c.engine(victim), "after", "crash");
    }
  }

  /**
   * A split between the two steps of adding a replica (peers recorded, configuration not yet
   * changed) would give the child a configuration naming a replica that may never start it.
   */
  @Test
  void noSplitWhileAMembershipChangeIsHalfDone() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 4, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      for (char ch = 'a'; ch <= 'z'; ch++) {
        leader.propose(put(meta, String.valueOf(ch), "v" + ch)).join();
      }
      // changePeers' first step alone: store 4 recorded, Raft's configuration still 1, 2, 3
      RegionMeta withFour = meta.withPeers(c.peers(1, 2, 3, 4));
      leader.propose(new RaftCommand(meta.epoch(), List.of(), withFour)).join();
      RegionMeta recorded = leader.meta();
      assertThat(recorded.peerOn(4)).isNotNull();
      List<RegionMeta.NewRegion> child = List.of(
          new RegionMeta.NewRegion(22, List.of(221L, 222L, 223L, 224L)));
      assertThatThrownBy(() -> leader.split(recorded.epoch(), List.of(bytes("m")), child).join())
          .isInstanceOf(CompletionException.class).cause()
          .isInstanceOfSatisfying(RegionException.class, e -> {
            assertThat(e.error()).isInstanceOf(RegionError.ServerIsBusy.class);
            assertThat(e.getMessage()).contains("changing its replicas")
                .contains("[1, 2, 3, 4]").contains("[1, 2, 3]");
          });
      assertThat(leader.meta()).isEqualTo(recorded);

      // the change completed, the split goes through and every replica starts the child
      c.store(4).joinRegion(withFour).join();
      RegionMeta changed = leader.changePeers(c.peers(1, 2, 3, 4)).join();
      List<RegionMeta> pieces = leader.split(changed.epoch(), List.of(bytes("m")), child).join();
      assertThat(pieces.get(0).peers()).extracting(PeerMeta::storeId)
          .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
      c.awaitLeader(22, WAIT);
      for (long s = 1; s <= 4; s++) {
        long store = s;
        await(WAIT, () -> c.store(store).regionIds().contains(22L),
            "store " + store + " to host the child");
      }
      await(WAIT, () -> "vc".equals(read(c.engine(4), "c")), "store 4 to hold the child's keys");
    }
  }

  /**
   * A replica that catches up by a snapshot taken after a split never applies the split, so its
   * store never starts its replica of the new region; the new region's leader starts it.
   */
  @Test
  void aReplicaMissedBySnapshottingPastASplitIsStartedByTheNewRegionsLeader() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 3,
        b -> RaftTestCluster.defaults(b).snapshotThreshold(64).logSegmentSize(16 * 1024))) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer parent = c.awaitLeader(REGION, WAIT);
      for (char ch = 'a'; ch <= 'z'; ch++) {
        parent.propose(put(meta, String.valueOf(ch), "v" + ch)).join();
      }
      long lagging = parent.storeId() % 3 + 1;
      await(WAIT, () -> "vz".equals(read(c.engine(lagging), "z")), "store " + lagging + " to apply");
      c.stop(lagging);
      List<RegionMeta> pieces = parent.split(meta.epoch(), List.of(bytes("m")),
          List.of(new RegionMeta.NewRegion(22, List.of(221L, 222L, 223L)))).join();
      RegionPeer child = c.awaitLeader(22, WAIT);
      child.propose(put(pieces.get(0), "c-after", "split")).join();
      // enough writes to the parent that its leader purges the log past the split
      String pad = "x".repeat(200);
      for (int i = 0; i < 600; i++) {
        parent.propose(put(pieces.get(1), "p" + i, pad + i)).join();
      }
      RatisRegionPeer lp = (RatisRegionPeer) parent;
      await(WAIT, () -> lp.division().getRaftLog().getStartIndex() > 100, "the parent's leader to purge its log");

      c.start(lagging);
      RatisRegionPeer back = (RatisRegionPeer) c.store(lagging).region(REGION);
      await(WAIT, () -> back.installCount() >= 1 && back.meta().equals(pieces.get(1)),
          "store " + lagging + " to install the split parent");
      RaftTestCluster.pause(3000);
      assertThat(c.store(lagging).regionIds()).as("store %d skipped the split", lagging)
          .doesNotContain(22L);

      RegionPeer childLeader = c.awaitLeader(22, WAIT);
      try (MissingReplicaChecker checker = new MissingReplicaChecker(
          c.store(childLeader.storeId()), Duration.ofMillis(500), Duration.ofSeconds(30))) {
        assertThat(checker.checkOnce()).extracting(PeerMeta::storeId).containsExactly(lagging);
        await(WAIT, () -> c.store(lagging).regionIds().contains(22L),
            "store " + lagging + " to run the new region");
        RatisRegionPeer started = (RatisRegionPeer) c.store(lagging).region(22);
        Applied last = childLeader.propose(put(pieces.get(0), "c-later", "started")).join();
        await(WAIT, () -> started.persistedApplied().index() >= last.index(),
            "the started replica to catch up");
        assertThat(started.installCount()).isEqualTo(1);
        assertThat(started.meta()).isEqualTo(childLeader.meta());
        assertValue(c.engine(lagging), "c", "vc");
        assertValue(c.engine(lagging), "c-after", "split");
        assertValue(c.engine(lagging), "c-later", "started");
        // matched now: nothing more to start
        assertThat(checker.checkOnce()).isEmpty();
      }
    }
  }

  @Test
  void replicaJoinsLeavesAndRejoins() throws Exception {
    try (RaftTestCluster c = new RaftTestCluster(dir, 4, RaftTestCluster::defaults)) {
      RegionMeta meta = c.createRegion(REGION, 1, 2, 3);
      RegionPeer leader = c.awaitLeader(REGION, WAIT);
      for (int i = 0; i < 50; i++) {
        leader.propose(put(meta, "k" + i, "v" + i)).join();
      }

      // add store 4
      RegionMeta withFour = meta.withPeers(c.peers(1, 2, 3, 4));
      c.store(4).joinRegion(withFour).join();
      RegionMeta changed = leader.changePeers(c.peers(1, 2, 3, 4)).join();
      assertThat(changed.epoch()).isEqualTo(new RegionEpoch(2, 1));
      leader.propose(put(changed, "k50", "v50")).join();
      await(WAIT, () -> "v50".equals(read(c.engine(4), "k50")), "store 4 to catch up");
      for (int i = 0; i < 51; i++) {
        assertValue(c.engine(4), "k" + i, "v" + i);
      }
      RegionPeer four = c.store(4).region(REGION);
      await(WAIT, () -> four.meta().equals(changed), "store 4 to apply the new meta");

      // remove a follower, then wipe it
      long leaving = leader.storeId() == 1 ? 2 : 1;
      long[] rest = java.util.stream.LongStream.of(1, 2, 3, 4).filter(s -> s != leaving).toArray();
      RegionMeta without = leader.changePeers(c.peers(rest)).join();
      assertThat(without.epoch().confVer()).isEqualTo(3);
      for (long s : rest) {
        // every remaining replica recorded the committed configuration itself
        await(WAIT, () -> c.store(s).region(REGION).meta().epoch().confVer() == 3, "store " + s + " to record the removal");
        assertThat(c.store(s).region(REGION).meta().peerOn(leaving)).isNull();
      }
      c.store(leaving).removeRegion(REGION).join();
      assertThat(c.store(leaving).regionIds()).doesNotContain(REGION);
      assertThat(read(c.engine(leaving), "k0")).isNull();
      assertThat(c.engine(leaving).get(ColumnFamily.RAFT, RegionKeys.metaKey(REGION))).isNull();
      assertThatThrownBy(() -> c.store(leaving).region(REGION))
          .isInstanceOfSatisfying(RegionException.class, e -> assertThat(e.error()).isInstanceOf(RegionError.RegionNotFound.class));
      leader.propose(put(without, "k51", "v51")).join();

      // and bring it back
      RegionMeta back = without.withPeers(c.peers(1, 2, 3, 4));
      c.store(leaving).joinRegion(back).join();
      RegionMeta rejoined = leader.changePeers(c.peers(1, 2, 3, 4)).join();
      Applied last = leader.propose(put(rejoined, "k52", "v52")).join();
      RatisRegionPeer returning = (RatisRegionPeer) c.store(leaving).region(REGION);
      await(WAIT, () -> returning.persistedApplied().index() >= last.index(), "the returning store to catch up");
      for (int i = 0; i < 53; i++) {
        assertValue(c.engine(leaving), "k" + i, "v" + i);
      }
      assertThat(rejoined.epoch().confVer()).isEqualTo(4);
    }
  }
}
