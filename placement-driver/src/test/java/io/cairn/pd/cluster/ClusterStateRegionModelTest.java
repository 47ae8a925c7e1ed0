package io.cairn.pd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.pd.ManualClock;
import io.cairn.pd.storage.MemoryMetaStore;
import io.cairn.pd.storage.MetaStore;
import io.cairn.proto.metapb.Peer;
import io.cairn.proto.metapb.Region;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random split / merge / membership-change sequences, reported to PD late, out of order and with
 * stale duplicates, must leave PD's region tree equal to the model once every region reports
 * its latest state; and it must survive a restart.
 */
class ClusterStateRegionModelTest {

  private static final Peer PEER = Fixtures.peer(1000, 1);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 99, 12345, 20261122})
  void treeConvergesToTheModel(long seed) {
    Random rnd = new Random(seed);
    MetaStore meta = new MemoryMetaStore();
    ManualClock clock = new ManualClock(1_000_000);
    HealthPolicy policy = new HealthPolicy(20_000, 60_000);
    ClusterState cluster = new ClusterState(meta, clock, policy);
    Region first = Fixtures.region(1, ByteString.EMPTY, ByteString.EMPTY, 1, 1, PEER);
    cluster.bootstrap(Fixtures.store(1), first);

    List<Region> model = new ArrayList<>(List.of(first));
    List<Region> history = new ArrayList<>(model);
    List<Region> pending = new ArrayList<>();
    long nextId = 2;
    for (int step = 0; step < 300; step++) {
      List<Region> changed = new ArrayList<>();
      int op = rnd.nextInt(10);
      if (op < 5 || model.size() < 2) {
        int i = rnd.nextInt(model.size());
        Region r = model.get(i);
        ByteString k = randomKeyInside(rnd, r);
        if (k == null) {
          continue;
        }
        long v = r.getRegionEpoch().getVersion() + 1;
        long c = r.getRegionEpoch().getConfVer();
        Region left = Fixtures.region(nextId++, r.getStartKey(), k, c, v, PEER);
        Region right = Fixtures.region(r.getId(), k, r.getEndKey(), c, v, PEER);
        model.set(i, left);
        model.add(i + 1, right);
        changed.add(left);
        changed.add(right);
      } else if (op < 8) {
        int i = rnd.nextInt(model.size() - 1);
        Region a = model.get(i);
        Region b = model.get(i + 1);
        Region target = rnd.nextBoolean() ? a : b;
        long v = Math.max(a.getRegionEpoch().getVersion(), b.getRegionEpoch().getVersion()) + 1;
        Region merged = Fixtures.region(target.getId(), a.getStartKey(), b.getEndKey(),
            target.getRegionEpoch().getConfVer(), v, PEER);
        model.remove(i + 1);
        model.set(i, merged);
        changed.add(merged);
      } else {
        int i = rnd.nextInt(model.size());
        Region r = model.get(i);
        Region bumped = r.toBuilder().setRegionEpoch(r.getRegionEpoch().toBuilder()
            .setConfVer(r.getRegionEpoch().getConfVer() + 1)).build();
        model.set(i, bumped);
        changed.add(bumped);
      }
      history.addAll(changed);
      pending.addAll(changed);
      for (int s = rnd.nextInt(3); s > 0; s--) {
        pending.add(history.get(rnd.nextInt(history.size())));
      }
      Collections.shuffle(pending, rnd);
      int deliver = rnd.nextInt(pending.size() + 1);
      for (int d = 0; d < deliver; d++) {
        report(cluster, rnd, pending.remove(pending.size() - 1));
      }
      if (step % 25 == 24) {
        settle(cluster, rnd, model, history, pending);
        assertMatches(cluster, model, rnd, seed, step);
      }
    }
    settle(cluster, rnd, model, history, pending);
    assertMatches(cluster, model, rnd, seed, -1);

    ClusterState restarted = new ClusterState(meta, clock, policy);
    assertMatches(restarted, model, rnd, seed, -2);
  }

  private static void report(ClusterState cluster, Random rnd, Region r) {
    if (rnd.nextInt(4) == 0) {
      cluster.reportSplit(List.of(r));
    } else {
      cluster.regionHeartbeat(RegionInfo.of(r).withLeader(PEER));
    }
  }

  /**
   * Delivers everything pending together with every region's latest state, in random order,
   * then replays random old reports: once PD has seen the latest states, nothing older may
   * change its tree.
   */
  private static void settle(ClusterState cluster, Random rnd, List<Region> model,
      List<Region> history, List<Region> pending) {
    List<Region> batch = new ArrayList<>(pending);
    batch.addAll(model);
    pending.clear();
    Collections.shuffle(batch, rnd);
    for (Region r : batch) {
      report(cluster, rnd, r);
    }
    for (int i = 0; i < 50; i++) {
      report(cluster, rnd, history.get(rnd.nextInt(history.size())));
    }
  }

  private static void assertMatches(ClusterState cluster, List<Region> model, Random rnd,
      long seed, int step) {
    List<Region> actual = cluster.scanRegions(ByteString.EMPTY, ByteString.EMPTY, 0).stream()
        .map(RegionInfo::meta).toList();
    assertThat(actual).as("seed %d step %d", seed, step).isEqualTo(model);
    for (int i = 0; i < 50; i++) {
      ByteString k = randomKey(rnd);
      Region want = model.stream().filter(r -> Keys.contains(r.getStartKey(), r.getEndKey(), k))
          .findFirst().orElseThrow();
      assertThat(cluster.regionByKey(k).meta()).as("seed %d step %d key %s", seed, step, k)
          .isEqualTo(want);
      assertThat(cluster.regionById(want.getId()).meta()).isEqualTo(want);
    }
  }

  private static ByteString randomKey(Random rnd) {
    byte[] b = new byte[1 + rnd.nextInt(3)];
    for (int i = 0; i < b.length; i++) {
      // few distinct byte values so that keys collide and sit at boundaries often
      b[i] = (byte) new int[] {0x00, 0x01, 0x41, 0x7f, 0x80, 0xfe, 0xff}[rnd.nextInt(7)];
    }
    return ByteString.copyFrom(b);
  }

  private static ByteString randomKeyInside(Random rnd, Region r) {
    for (int attempt = 0; attempt < 20; attempt++) {
      ByteString k = randomKey(rnd);
      if (Keys.ORDER.compare(k, r.getStartKey()) > 0 && !Keys.atOrAfterEnd(k, r.getEndKey())) {
        return k;
      }
    }
    return null;
  }
}
