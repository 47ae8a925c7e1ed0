package io.cairn.storage.raft;

import static io.cairn.storage.raft.FollowerReadTest.bytes;
import static io.cairn.storage.raft.FollowerReadTest.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.mvcc.reader.ReadOptions;
import io.cairn.storage.mvcc.reader.SnapshotReader;
import io.cairn.storage.region.ReadKind;
import io.cairn.storage.region.RegionMeta;
import io.cairn.storage.txn.PrewriteRequest;
import io.cairn.storage.txn.actions.Mutation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of follower reads, printed (no JMH; a quiet machine gives steadier numbers): the
 * latency of a point read on the leader, as a replica read on a follower (a read index round
 * trip to the leader's store first) and as a stale read on a follower; and what one safe ts
 * round costs the leader per region, with and without many pending locks.
 */
@Tag("slow")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FollowerReadFiguresTest {
  private static final ReadOptions NONE = new ReadOptions(Set.of(), Set.of());
  private static final int READS = 400;
  private static final int REGIONS = 16;
  private static final int ROUNDS = 30;
  private static final int LOCKS = 5000;

  @TempDir Path dir;

  @Test
  void printFollowerReadFigures() throws Exception {
    try (FollowerReadCluster c = new FollowerReadCluster(dir, b -> RaftTestCluster.defaults(b).readTimeout(Duration.ofSeconds(10)))) {
      RegionMeta meta = c.createRegion("fig");
      long start = c.tso();
      c.txn(1).prewrite(ctx(meta, 1, ReadKind.LEADER, 0), new PrewriteRequest(
          List.of(Mutation.put(bytes("fig/k"), bytes("v"))), bytes("fig/k"), start, 3000, 1, 0, List.of(), 0));
      c.txn(1).commit(ctx(meta, 1, ReadKind.LEADER, 0), List.of(bytes("fig/k")), start, c.tso());
      long safe;
      do {
        c.advance();
        safe = c.reads(2).safeTs(meta.id());
      } while (safe <= start);
      long staleTs = safe;

      double[] leader = measure(c.reader(1), meta, 1, ReadKind.LEADER, c, 0);
      double[] replica = measure(c.reader(2), meta, 2, ReadKind.REPLICA, c, 0);
      double[] stale = measure(c.reader(2), meta, 2, ReadKind.STALE, c, staleTs);
      System.out.printf("FIGURE point read latency over %d reads (median / p99, microseconds): leader %.0f / %.0f,"
          + " follower replica read %.0f / %.0f, follower stale read %.0f / %.0f%n",
          READS, leader[0], leader[1], replica[0], replica[1], stale[0], stale[1]);

      List<RegionMeta> regions = new ArrayList<>(List.of(meta));
      for (int i = 1; i < REGIONS; i++) {
        regions.add(c.createRegion("fig" + i));
      }
      double[] idle = roundCost(c, regions.size());
      long lockTs = c.tso();
      List<Mutation> puts = new ArrayList<>();
      for (int i = 0; i < LOCKS; i++) {
        puts.add(Mutation.put(bytes("fig1/l" + i), bytes("x")));
      }
      assertThat(c.txn(1).prewrite(ctx(regions.get(1), 1, ReadKind.LEADER, 0), new PrewriteRequest(
          puts, bytes("fig1/l0"), lockTs, 600_000, LOCKS, 0, List.of(), 0)).errors()).isEmpty();
      double[] locked = roundCost(c, regions.size());
      assertThat(c.reads(1).safeTs(regions.get(1).id())).isEqualTo(lockTs - 1);
      System.out.printf("FIGURE safe ts round on the leader of %d regions (3 replicas), mean of %d rounds, per region:"
          + " %.0f us wall, %.0f us CPU of the process above idle (= %.3f%% of one core per region at 1 round/s);"
          + " with %d pending locks in one region: %.0f us wall, %.0f us CPU%n",
          regions.size(), ROUNDS, idle[0], idle[1], idle[1] / 10_000.0, LOCKS, locked[0], locked[1]);
    }
  }

  /** Median and p99 of {@link #READS} point reads, in microseconds, after as many to warm up. */
  private static double[] measure(SnapshotReader reader, RegionMeta meta, long store, ReadKind kind, FollowerReadCluster c, long fixedTs) {
    long[] nanos = new long[READS];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < READS; i++) {
        long ts = fixedTs != 0 ? fixedTs : c.tso();
        long t0 = System.nanoTime();
        byte[] v = reader.get(ctx(meta, store, kind, ts), bytes("fig/k"), ts, NONE).value();
        nanos[i] = System.nanoTime() - t0;
        assertThat(v).isEqualTo(bytes("v"));
      }
    }
    Arrays.sort(nanos);
    return new double[] {nanos[READS / 2] / 1000.0, nanos[READS * 99 / 100] / 1000.0};
  }

  /**
   * Mean cost of one safe ts round on store 1 (which leads every region), per region, in
   * microseconds: wall time, and the CPU time the whole process (every store, the Raft and gRPC
   * threads of the rounds) spent beyond what it spends idle for as long.
   */
  private static double[] roundCost(FollowerReadCluster c, int regions) throws InterruptedException {
    for (int i = 0; i < 5; i++) {
      c.reads(1).advanceOnce();
    }
    long wall = 0;
    long cpu0 = processCpuNanos();
    for (int i = 0; i < ROUNDS; i++) {
      FollowerReads.Round r = c.reads(1).advanceOnce();
      assertThat(r.regionsAdvanced()).isEqualTo(regions);
      wall += r.nanos();
    }
    long busy = processCpuNanos() - cpu0;
    long idle0 = processCpuNanos();
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wall) + 1);
    long idle = processCpuNanos() - idle0;
    return new double[] {wall / 1000.0 / ROUNDS / regions, Math.max(0, busy - idle) / 1000.0 / ROUNDS / regions};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
