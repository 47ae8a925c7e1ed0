package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.KvEngine;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionEngine;
import io.cairn.storage.region.RegionEngineContractTest;
import io.cairn.storage.region.RegionEpoch;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionRegistry;
import io.cairn.storage.region.RegionSnapshot;
import io.cairn.storage.region.RequestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The region engine contract over one store whose regions are single-replica Raft groups. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RaftRegionEngineTest extends RegionEngineContractTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Store 1 of {@code c} serving region 1 (peer 2 on store 1, epoch 1/1). */
  static Fixture fixture(RaftTestCluster c, long... stores) {
    List<io.cairn.storage.region.PeerMeta> peers = new java.util.ArrayList<>();
    for (long s : stores) {
      peers.add(new io.cairn.storage.region.PeerMeta(s == 1 ? 2 : 10 + s, s, c.peers(s).get(0).address()));
    }
    RegionMeta meta = new RegionMeta(1, null, null, new RegionEpoch(1, 1), peers);
    for (long s : stores) {
      c.store(s).createRegion(meta).join();
    }
    awaitServedBy(c, 1, 1);
    return new Fixture() {
      @Override
      public RegionEngine engine() {
        return c.regionEngine(1);
      }

      @Override
      public RegionRegistry registry() {
        return c.registry(1);
      }

      @Override
      public KvEngine kv() {
        return c.engine(1);
      }

      @Override
      public void settle(List<RegionMeta> pieces) {
        for (RegionMeta p : pieces) {
          awaitServedBy(c, p.id(), 1);
        }
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  /** Waits until store {@code storeId} leads {@code regionId}, moving leadership there if needed. */
  static void awaitServedBy(RaftTestCluster c, long regionId, long storeId) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      RegionPeer leader = c.awaitLeader(regionId, WAIT);
      if (leader.storeId() != storeId) {
        try {
          leader.transferLeadership(storeId).join();
        } catch (RuntimeException e) {
          // retried below: the target may still be catching up
        }
      } else {
        RegionRegistry.RegionState st = c.registry(storeId).state(regionId);
        if (st != null && st.leader() != null && st.leader().storeId() == storeId) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("store " + storeId + " does not lead region " + regionId + " within " + WAIT);
      }
      RaftTestCluster.pause(20);
    }
  }

  @Override
  protected Fixture open() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    return fixture(new RaftTestCluster(dir, 1, RaftTestCluster::defaults, ids::incrementAndGet), 1);
  }

  @Test
  void aRestartKeepsEveryAcknowledgedWriteAndAppliesNoneTwice() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    Path root = dir.resolve("restart");
    try (RaftTestCluster c = new RaftTestCluster(root, 1, RaftTestCluster::defaults, ids::incrementAndGet)) {
      fixture(c, 1);
      RaftRegionEngine engine = c.regionEngine(1);
      RegionMeta meta = c.registry(1).get(1);
      for (int i = 0; i < 30; i++) {
        WriteBatch b = engine.newWriteBatch();
        // a read-modify-write: applied twice, the counter would show it
        byte[] old = c.engine(1).get(ColumnFamily.RAFT, key("count"));
        int n = old == null ? 0 : Integer.parseInt(new String(old));
        b.put(ColumnFamily.RAFT, key("count"), String.valueOf(n + 1).getBytes());
        b.put(ColumnFamily.RAFT, key("k" + i), ("v" + i).getBytes());
        engine.write(ctx(meta), b);
      }
      List<RegionMeta> pieces = engine.split(ctx(meta), List.of("m".getBytes()));
      c.stop(1);
      c.start(1);
      awaitServedBy(c, 1, 1);
      awaitServedBy(c, pieces.get(0).id(), 1);
      RaftRegionEngine again = c.regionEngine(1);
      assertThat(c.registry(1).regions()).isEqualTo(pieces);
      try (RegionSnapshot s = again.snapshot(ctx(c.registry(1).get(pieces.get(0).id())))) {
        assertThat(s.get(ColumnFamily.RAFT, key("count"))).isEqualTo("30".getBytes());
        for (int i = 0; i < 30; i++) {
          assertThat(s.get(ColumnFamily.RAFT, key("k" + i))).as("k%d", i).isEqualTo(("v" + i).getBytes());
        }
      }
      assertThat(c.store(1).peer(1).applyCount()).isZero();
      await(WAIT, () -> c.store(1).peer(pieces.get(0).id()).isLeader(), "the split-off region to lead");
    }
  }

  private static byte[] key(String k) {
    return ("r" + k).getBytes();
  }

  private static RequestContext ctx(RegionMeta m) {
    return RequestContext.of(m.id(), m.epoch(), 1, 0, KeyMode.RAW);
  }
}
