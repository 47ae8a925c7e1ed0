package io.cairn.storage.raft;

import static io.cairn.storage.raft.RaftRegionEngineTest.WAIT;
import static io.cairn.storage.raft.RaftRegionEngineTest.awaitServedBy;
import static io.cairn.storage.raft.RaftTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.engine.ColumnFamily;
import io.cairn.storage.engine.WriteBatch;
import io.cairn.storage.region.KeyMode;
import io.cairn.storage.region.RegionEngineContractTest;
import io.cairn.storage.region.RegionError;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.region.RegionSnapshot;
import io.cairn.storage.region.RequestContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The region engine contract over store 1 of three, every region replicated on all three. */
@Tag("slow")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ThreeReplicaRaftRegionEngineTest extends RegionEngineContractTest {

  @TempDir Path dir;

  @Override
  protected Fixture open() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    return RaftRegionEngineTest.fixture(new RaftTestCluster(dir, 3, RaftTestCluster::defaults, ids::incrementAndGet), 1, 2, 3);
  }

  @Test
  void followersSendClientsToTheLeaderAndApplyWhatItAcknowledged() throws Exception {
    AtomicLong ids = new AtomicLong(100);
    try (RaftTestCluster c = new RaftTestCluster(dir.resolve("c"), 3, RaftTestCluster::defaults, ids::incrementAndGet)) {
      RaftRegionEngineTest.fixture(c, 1, 2, 3);
      RaftRegionEngine leader = c.regionEngine(1);
      RegionMeta meta = c.registry(1).get(1);
      WriteBatch b = leader.newWriteBatch();
      b.put(ColumnFamily.RAFT, "rk".getBytes(), "v".getBytes());
      leader.write(RequestContext.of(1, meta.epoch(), 1, 0, KeyMode.RAW), b);
      for (long s = 2; s <= 3; s++) {
        long store = s;
        RaftRegionEngine follower = c.regionEngine(s);
        await(WAIT, () -> c.registry(store).state(1) != null && c.registry(store).state(1).leader() != null,
            "store " + s + " to learn the leader");
        RequestContext ctx = RequestContext.of(1, meta.epoch(), s, 0, KeyMode.RAW);
        RegionError onRead = errorOf(() -> follower.snapshot(ctx).close());
        assertThat(onRead).isInstanceOfSatisfying(RegionError.NotLeader.class,
            n -> assertThat(n.leader().storeId()).isEqualTo(1));
        WriteBatch w = follower.newWriteBatch();
        w.put(ColumnFamily.RAFT, "rx".getBytes(), "no".getBytes());
        assertThat(errorOf(() -> follower.write(ctx, w))).isInstanceOf(RegionError.NotLeader.class);
        await(WAIT, () -> Arrays.equals(c.engine(store).get(ColumnFamily.RAFT, "rk".getBytes()), "v".getBytes()),
            "store " + s + " to apply the write");
        assertThat(c.engine(s).get(ColumnFamily.RAFT, "rx".getBytes())).isNull();
      }

      // the leader goes away: another store takes over and serves the acknowledged write
      c.stop(1);
      RegionPeer next = c.awaitLeader(1, WAIT);
      awaitServedBy(c, 1, next.storeId());
      RequestContext ctx = RequestContext.of(1, meta.epoch(), next.storeId(), 0, KeyMode.RAW);
      try (RegionSnapshot s = c.regionEngine(next.storeId()).snapshot(ctx.withKeys(List.of("k".getBytes())))) {
        assertThat(s.get(ColumnFamily.RAFT, "rk".getBytes())).isEqualTo("v".getBytes());
      }
    }
  }
}
