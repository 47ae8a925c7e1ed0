package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Key;
import io.cairn.kv.Storage;
import io.cairn.kv.Transaction;
import io.cairn.proto.metapb.Region;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.pd.GrpcPdClient;
import io.cairn.tikv.region.RegionCache;
import io.cairn.tikv.region.StoreHealth;
import io.cairn.tikv.retry.Backoffer;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.testing.ModelPd;
import io.cairn.tikv.testing.RealNodes;
import io.cairn.tikv.testing.Regions;
import io.cairn.tikv.txn.TikvStorage;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures issue 5 asks the driver to report, measured in-process on this machine (no
 * network: in-process gRPC channels). Each test prints its lines and appends them to {@code
 * target/driver-figures.txt}; the assertions only check that what was measured is right (same
 * answers either way), not how fast it was. Run with
 * {@code mvn -pl tikv-driver -am test -Dtest=DriverFiguresTest -Dcairn.test.excludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class DriverFiguresTest {

  private static final Path OUT = Path.of("target", "driver-figures.txt");

  private static void report(String line) {
    System.out.println("[figures] " + line);
    try {
      Files.createDirectories(OUT.getParent());
      Files.writeString(OUT, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new AssertionError("cannot write " + OUT, e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Delays every KvBatchGet by a fixed time, standing in for a network round trip. */
  private static RpcInterceptor batchGetLatency(long micros) {
    return new RpcInterceptor() {
      @Override
      public <Req extends Message, Resp extends Message> Resp intercept(RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
        if (call.kind() == RpcKind.KV_BATCH_GET) {
          // Parked, not spinning: a network wait costs the client no CPU.
          LockSupport.parkNanos(micros * 1000);
        }
        return next.proceed(call);
      }
    };
  }

  private static double medianMillis(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }

  @Test
  void batchGetOf1000KeysOver16RegionsParallelVsSequential() {
    try (RealNodes nodes = new RealNodes("fig-batch", "k/0500")) {
      List<String> splits = new ArrayList<>();
      for (int i = 1; i < 16; i++) {
        if (i * 1000 / 16 != 500) {
          splits.add(String.format("k/%04d", i * 1000 / 16));
        }
      }
      nodes.split(splits.toArray(String[]::new));
      nodes.publish();
      List<Region> regions = nodes.currentRegions();
      List<Key> keys = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        keys.add(Key.utf8(String.format("k/%04d", i)));
      }
      TxnConfig parallel = TxnConfig.defaults();
      TxnConfig sequential = new TxnConfig(parallel.defaultLockTtl(), parallel.maxLockTtl(), parallel.managedLockTtl(),
          parallel.ttlSizeThresholdBytes(), parallel.commitBatchBytes(), parallel.entrySizeLimit(), parallel.totalSizeLimit(),
          parallel.resolveLiteThreshold(), parallel.scanBatchSize(), 1);
      try (TikvStorage writer = nodes.open()) {
        try (Transaction t = writer.begin()) {
          for (Key k : keys) {
            t.set(k, bytes("value-of-" + k));
          }
          t.commit();
        }
      }
      report("batch get: 1000 keys over " + regions.size() + " regions on 2 in-process nodes");
      for (long latencyMicros : new long[] {0, 1000}) {
        double[] medians = new double[2];
        for (int mode = 0; mode < 2; mode++) {
          try (TikvStorage s = nodes.open(mode == 0 ? parallel : sequential)) {
            if (latencyMicros > 0) {
              s.routing().rpcClient().addInterceptor(batchGetLatency(latencyMicros));
            }
            long ts = s.currentTimestamp();
            for (int i = 0; i < 20; i++) {
              s.snapshot(ts).batchGet(keys);
            }
            long[] runs = new long[30];
            for (int i = 0; i < runs.length; i++) {
              long t0 = System.nanoTime();
              Map<Key, byte[]> got = s.snapshot(ts).batchGet(keys);
              runs[i] = System.nanoTime() - t0;
              assertThat(got).hasSize(1000);
              assertThat(got.get(keys.get(777))).isEqualTo(bytes("value-of-" + keys.get(777)));
            }
            medians[mode] = medianMillis(runs);
          }
        }
        report(String.format("  KvBatchGet latency +%d us: parallel (16 workers) median %.2f ms, sequential (1 worker) median %.2f ms, speed-up %.1fx",
            latencyMicros, medians[0], medians[1], medians[1] / medians[0]));
      }
    }
  }

  @Test
  void tsoTimestampsPerSecondWithAndWithoutBatching() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start("fig-tso", null, 1)) {
      TikvClientConfig config = TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15));
      for (int threads : new int[] {1, 16}) {
        try (GrpcPdClient pd = new GrpcPdClient(List.of(cluster.pdEndpoint()), InProcessCluster.channels(), config, Thread::new)) {
          for (int i = 0; i < 2000; i++) {
            pd.getTimestamp();
          }
          long requests0 = pd.tsoRequestsSent();
          long served0 = pd.tsoTimestampsServed();
          AtomicBoolean stop = new AtomicBoolean();
          CountDownLatch go = new CountDownLatch(1);
          ExecutorService pool = Executors.newFixedThreadPool(threads);
          List<Future<long[]>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
              go.await();
              long n = 0;
              long last = 0;
              while (!stop.get()) {
                long ts = pd.getTimestamp();
                if (ts <= last) {
                  throw new AssertionError("timestamp went back: " + ts + " after " + last);
                }
                last = ts;
                n++;
              }
              return new long[] {n};
            }));
          }
          long t0 = System.nanoTime();
          go.countDown();
          Thread.sleep(3000);
          stop.set(true);
          long total = 0;
          for (Future<long[]> f : results) {
            total += f.get(30, TimeUnit.SECONDS)[0];
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          pool.shutdown();
          long requests = pd.tsoRequestsSent() - requests0;
          long served = pd.tsoTimestampsServed() - served0;
          // The dispatcher counts a batch after completing its waiters, so served may trail by one batch.
          assertThat(total).isPositive();
          assertThat(served).isGreaterThanOrEqualTo(requests);
          report(String.format("TSO, %2d caller thread(s): %,.0f timestamps/s, %,.0f requests/s, %.1f timestamps per request (%s)",
              threads, total / seconds, requests / seconds, (double) served / Math.max(1, requests),
              threads == 1 ? "no batching possible: one waiter per request" : "concurrent callers batched"));
        }
      }
    }
  }

  @Test
  void optimisticCommitLatencyOnEmbedded(@TempDir Path dir) {
    StoreCache cache = new StoreCache();
    try (Storage s = new EmbeddedDriver(cache).open("embedded://" + dir.resolve("fig"))) {
      Random random = new Random(5);
      report("optimistic commit latency on embedded:// (RocksDB, one-replica Raft), commit() only:");
      for (int size : new int[] {1, 10, 1000}) {
        int warm = size == 1000 ? 3 : 10;
        int runs = size == 1000 ? 15 : 50;
        long[] nanos = new long[runs];
        for (int r = -warm; r < runs; r++) {
          try (Transaction t = s.begin()) {
            for (int i = 0; i < size; i++) {
              t.set(Key.utf8(String.format("c/%d/%08d", size, random.nextInt(100_000_000))), new byte[64]);
            }
            long t0 = System.nanoTime();
            t.commit();
            if (r >= 0) {
              nanos[r] = System.nanoTime() - t0;
            }
          }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        report(String.format("  %4d keys (64-byte values): median %.2f ms, p90 %.2f ms over %d commits",
            size, sorted[runs / 2] / 1e6, sorted[runs * 9 / 10] / 1e6, runs));
      }
    }
  }

  @Test
  void regionCacheMemoryPer10000Regions() {
    int n = 10_000;
    ModelPd pd = new ModelPd();
    List<Region> regions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      // Record-key-sized boundaries (t{table}_r{handle} is 19 bytes), three replicas each.
      regions.add(Regions.region(i + 1, i == 0 ? "" : String.format("t%08d_r%08d", 42, i * 1000L),
          i == n - 1 ? "" : String.format("t%08d_r%08d", 42, (i + 1) * 1000L), 1, 1, 1, 2, 3));
    }
    pd.setRegions(regions);
    for (long s = 1; s <= 3; s++) {
      pd.putStore(Regions.store(s, "store-" + s, Map.of()));
    }
    long before = usedHeap();
    RegionCache cache = new RegionCache(pd, TikvClientConfig.defaults(), new StoreHealth(5, Duration.ofSeconds(10), System::nanoTime),
        System::nanoTime, new Random(1));
    Backoffer bo = Backoffer.withBudget(Backoffer.GET_BUDGET_MS);
    for (int i = 0; i < n; i++) {
      cache.locateKey(bytes(String.format("t%08d_r%08d", 42, i * 1000L + 1)), bo);
    }
    assertThat(cache.size()).isEqualTo(n);
    long after = usedHeap();
    Reference.reachabilityFence(cache);
    report(String.format("region cache: %,d regions (19-byte boundaries, 3 peers) take %.2f MiB of heap, %d bytes per region",
        n, (after - before) / (1024.0 * 1024), (after - before) / n));
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
