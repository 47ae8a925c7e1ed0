package io.cairn.storage.raft;

import io.cairn.storage.region.RegionException;
import io.cairn.storage.region.RegionMeta;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures for the Raft note, printed, not asserted: single-key write latency through Raft with
 * 1 and 3 replicas (sequential p50/p99, and throughput of 8 concurrent proposers), the read
 * barrier on the leader (lease) and on a follower (read index from the leader), leader
 * failover time after closing the leader's store, and JVM threads per hosted region.
 *
 * <p>Run from the storage-node module with the test classpath:
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... io.cairn.storage.raft.RaftBench [GRPC|NETTY] [latency,failover,threads]}.
 */
public final class RaftBench {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SEQUENTIAL = 2_000;
  private static final int CONCURRENT = 8;
  private static final Duration CONCURRENT_RUN = Duration.ofSeconds(10);

  private RaftBench() {}

  public static void main(String[] args) throws Exception {
    RaftStoreConfig.Transport transport = args.length > 0 ? RaftStoreConfig.Transport.valueOf(args[0]) : RaftStoreConfig.Transport.GRPC;
    System.out.printf("transport %s, %d cores, JDK %s%n", transport, Runtime.getRuntime().availableProcessors(), Runtime.version());
    String parts = args.length > 1 ? args[1] : "latency,failover,threads";
    if (parts.contains("latency")) {
      latency(transport, 1);
      latency(transport, 3);
    }
    if (parts.contains("failover")) {
      failover(transport, 3);
    }
    if (parts.contains("threads")) {
      threads(transport);
    }
    System.exit(0);
  }

  private static RaftTestCluster cluster(Path dir, int stores, RaftStoreConfig.Transport t) throws Exception {
    return new RaftTestCluster(dir, stores, b -> RaftTestCluster.defaults(b).transport(t));
  }

  private static void latency(RaftStoreConfig.Transport t, int replicas) throws Exception {
    Path dir = Files.createTempDirectory("raft-bench");
    try (RaftTestCluster c = cluster(dir, replicas, t)) {
      long[] stores = new long[replicas];
      for (int i = 0; i < replicas; i++) {
        stores[i] = i + 1;
      }
      RegionMeta meta = c.createRegion(1, stores);
      RegionPeer leader = c.awaitLeader(1, WAIT);
      for (int i = 0; i < 300; i++) {
        leader.propose(RaftTestCluster.put(meta, "warm" + i, "v")).join();
      }
      long[] nanos = new long[SEQUENTIAL];
      for (int i = 0; i < SEQUENTIAL; i++) {
        long t0 = System.nanoTime();
        leader.propose(RaftTestCluster.put(meta, "key" + (i % 100), "value-" + i)).join();
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "%d replica(s): sequential %d writes: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          replicas, SEQUENTIAL, nanos[SEQUENTIAL / 2] / 1e6, nanos[SEQUENTIAL * 99 / 100] / 1e6, nanos[SEQUENTIAL - 1] / 1e6);

      reads("leader", replicas, leader);
      if (replicas > 1) {
        reads("follower", replicas, c.store(leader.storeId() % replicas + 1).region(1));
      }

      AtomicLong done = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < CONCURRENT; w++) {
        int id = w;
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    leader.propose(RaftTestCluster.put(meta, "c" + id + "-" + (i % 100), "value-" + i)).join();
                    done.incrementAndGet();
                  }
                });
        workers.add(th);
      }
      long t0 = System.nanoTime();
      workers.forEach(Thread::start);
      Thread.sleep(CONCURRENT_RUN.toMillis());
      stop.set(true);
      for (Thread th : workers) {
        th.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%d replica(s): %d concurrent proposers: %.0f writes/s%n", replicas, CONCURRENT, done.get() / secs);
    }
  }

  private static void reads(String who, int replicas, RegionPeer peer) {
    int n = 2_000;
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      peer.readIndex().join();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    System.out.printf(
        "%d replica(s): read barrier (readIndex) on the %s: p50 %.2f ms, p99 %.2f ms%n", replicas, who, nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6);
  }

  private static void failover(RaftStoreConfig.Transport t, int runs) throws Exception {
    Path dir = Files.createTempDirectory("raft-bench");
    try (RaftTestCluster c = cluster(dir, 3, t)) {
      RegionMeta meta = c.createRegion(1, 1, 2, 3);
      for (int run = 0; run < runs; run++) {
        RegionPeer leader = c.awaitLeader(1, WAIT);
        leader.propose(RaftTestCluster.put(meta, "before", "x")).join();
        long killed = leader.storeId();
        long t0 = System.nanoTime();
        c.stop(killed);
        RegionPeer next = c.awaitLeader(1, WAIT);
        long elected = System.nanoTime();
        ThreeStoreRaftTest.proposeRouted(c, 1, RaftTestCluster.put(meta, "after", "y"), WAIT);
        long written = System.nanoTime();
        System.out.printf(
            "failover %d: store %d closed, store %d leads after %.0f ms, first write after %.0f ms%n",
            run + 1, killed, next.storeId(), (elected - t0) / 1e6, (written - t0) / 1e6);
        c.start(killed);
        RaftTestCluster.await(WAIT, () -> {
          try {
            return c.store(killed).region(1).leaderStoreId() != 0;
          } catch (RegionException e) {
            return false;
          }
        }, "restarted store to see a leader");
      }
    }
  }

  private static void threads(RaftStoreConfig.Transport t) throws Exception {
    var mx = ManagementFactory.getThreadMXBean();
    for (int stores : new int[] {1, 3}) {
      Path dir = Files.createTempDirectory("raft-bench");
      try (RaftTestCluster c = cluster(dir, stores, t)) {
        long[] ids = new long[stores];
        for (int i = 0; i < stores; i++) {
          ids[i] = i + 1;
        }
        int hosted = 0;
        Thread.sleep(2000);
        int base = mx.getThreadCount();
        for (int target : new int[] {1, 4, 16}) {
          List<CompletableFuture<?>> writes = new ArrayList<>();
          for (; hosted < target; hosted++) {
            RegionMeta meta = c.createRegion(100 + hosted, ids);
            RegionPeer leader = c.awaitLeader(meta.id(), WAIT);
            writes.add(leader.propose(RaftTestCluster.put(meta, "k", "v")));
          }
          writes.forEach(CompletableFuture::join);
          Thread.sleep(3000);
          int now = mx.getThreadCount();
          System.out.printf(
              "%d store(s), %d replica(s) per region: %2d regions: %d JVM threads (%d with no region), %.1f threads per region per store%n",
              stores, stores, target, now, base, (now - base) / (double) target / stores);
        }
      }
    }
  }
}
