package io.cairn.tikv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.pd.GrpcPdClient;
import io.cairn.tikv.rpc.NettyChannelFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.tikv.common.TiConfiguration;
import org.tikv.common.TiSession;

/**
 * Measures, on one PD and three Raft nodes as separate processes with production heartbeats
 * (10 s), and prints as {@code FIGURE} lines:
 * <ul>
 *   <li>threads, resident memory ({@code VmRSS} of {@code /proc/PID/status}) and idle CPU
 *       ({@code utime + stime} of {@code /proc/PID/stat} over 10 s with no client traffic) of
 *       one node hosting 4 and then 64 regions (each with 3 replicas, so every node hosts all),
 *       split by tikv-client-java's split-region API; per region as the difference between the
 *       two divided by the 60 added regions;</li>
 *   <li>TSO timestamps per second (and the TSO requests the batching client sent) from 64
 *       concurrent requesters through Cairn's PD client ({@link GrpcPdClient}) against the PD
 *       process, over 10 s.</li>
 * </ul>
 * Not a CI test: it runs only with {@code -Dcairn.figures=true} (and the slow tag included),
 * since its numbers are for the note, and its only assertions are sanity checks.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "cairn.figures", matches = "true")
class ClusterFiguresTest {

  /** Linux's USER_HZ: the unit of utime/stime in /proc/PID/stat. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;

  record ProcessSample(int threads, long rssKb, double idleCpuPercent) {}

  @Test
  @SuppressWarnings("try") // TiSession.close() declares Exception
  void nodeCostPerRegionAndTsoThroughput(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir)
      throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(dir, 3, Duration.ofSeconds(10))) {
      TiConfiguration conf = TiConfiguration.createDefault(cluster.pdAddress());
      conf.setWarmUpEnable(false);
      ProcessSample at4;
      ProcessSample at64;
      try (TiSession session = TiSession.create(conf)) {
        split(session, cluster, 4);
        at4 = sample(cluster.nodePid(0));
        print("node hosting 4 regions: %d threads, RSS %d MiB, idle CPU %.1f%% of a core",
            at4.threads(), at4.rssKb() / 1024, at4.idleCpuPercent());
        split(session, cluster, 64);
        at64 = sample(cluster.nodePid(0));
        print("node hosting 64 regions: %d threads, RSS %d MiB, idle CPU %.1f%% of a core",
            at64.threads(), at64.rssKb() / 1024, at64.idleCpuPercent());
      }
      print("per added region (64 vs 4): %.1f threads, %.1f MiB RSS, %.2f%% of a core idle CPU",
          (at64.threads() - at4.threads()) / 60.0, (at64.rssKb() - at4.rssKb()) / 1024.0 / 60,
          (at64.idleCpuPercent() - at4.idleCpuPercent()) / 60);
      print("per region at 64: %.1f threads, %.1f MiB RSS, %.2f%% of a core idle CPU",
          at64.threads() / 64.0, at64.rssKb() / 1024.0 / 64, at64.idleCpuPercent() / 64);
      assertThat(at64.threads()).isGreaterThan(at4.threads());

      measureTso(cluster.pdAddress(), 64, Duration.ofSeconds(10));
    }
  }

  /** Splits the transactional key space until PD knows {@code regions} regions, all ready. */
  private static void split(TiSession session, ProcessCluster cluster, int regions) {
    int have = cluster.probe().regions().size();
    List<byte[]> keys = new ArrayList<>();
    // split points fig/000 .. fig/062: the first n-1 of them give n regions
    for (int i = have - 1; i < regions - 1; i++) {
      keys.add(String.format("fig/%03d", i).getBytes(StandardCharsets.UTF_8));
    }
    // a few keys a call: the node allocates the new regions' ids from PD inside the request,
    // under the client's deadline, and a long batch runs out of it
    for (int from = 0; from < keys.size(); from += 3) {
      session.splitRegionAndScatter(keys.subList(from, Math.min(keys.size(), from + 3)), 120_000,
          1_000, 0);
    }
    cluster.awaitCondition(Duration.ofSeconds(120), regions + " regions", () -> {
      int n = cluster.probe().regions().size();
      return n >= regions ? null : n + " regions";
    });
    cluster.awaitReady(Duration.ofSeconds(120));
    assertThat(cluster.probe().regions()).hasSize(regions);
  }

  /** Threads and RSS after 5 s of quiet, and CPU over the next 10 s. */
  private static ProcessSample sample(long pid) throws IOException, InterruptedException {
    Thread.sleep(5_000);
    long ticks0 = cpuTicks(pid);
    long t0 = System.nanoTime();
    Thread.sleep(10_000);
    long ticks1 = cpuTicks(pid);
    double seconds = (System.nanoTime() - t0) / 1e9;
    int threads = (int) statusField(pid, "Threads:");
    long rss = statusField(pid, "VmRSS:");
    return new ProcessSample(threads, rss,
        100.0 * (ticks1 - ticks0) / CLOCK_TICKS_PER_SECOND / seconds);
  }

  private static long statusField(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(field + " missing in /proc/" + pid + "/status");
  }

  /** utime + stime (fields 14 and 15; the command name in field 2 may hold spaces). */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static void measureTso(String pdAddress, int requesters, Duration span)
      throws InterruptedException {
    TikvClientConfig config = TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(10));
    try (GrpcPdClient pd = new GrpcPdClient(List.of(pdAddress), new NettyChannelFactory(config),
        config, Thread::new)) {
      AtomicBoolean counting = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean(true);
      LongAdder got = new LongAdder();
      CountDownLatch done = new CountDownLatch(requesters);
      for (int i = 0; i < requesters; i++) {
        Thread t = new Thread(() -> {
          try {
            while (running.get()) {
              pd.getTimestamp();
              if (counting.get()) {
                got.increment();
              }
            }
          } finally {
            done.countDown();
          }
        }, "tso-requester-" + i);
        t.setDaemon(true);
        t.start();
      }
      Thread.sleep(3_000); // warm-up: JIT, stream set-up
      long requests0 = pd.tsoRequestsSent();
      long t0 = System.nanoTime();
      counting.set(true);
      Thread.sleep(span.toMillis());
      counting.set(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long requests = pd.tsoRequestsSent() - requests0;
      running.set(false);
      done.await();
      print("TSO from %d concurrent requesters through GrpcPdClient: %.0f timestamps/s in"
          + " %.0f requests/s (%.1f timestamps per request)", requesters, got.sum() / seconds,
          requests / seconds, got.sum() / (double) Math.max(1, requests));
      assertThat(got.sum()).isPositive();
    }
  }

  private static void print(String format, Object... args) {
    System.out.println("FIGURE " + String.format(Locale.ROOT, format, args));
  }
}
