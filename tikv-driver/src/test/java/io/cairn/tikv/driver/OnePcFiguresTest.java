package io.cairn.tikv.driver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.cairn.kv.Key;
import io.cairn.kv.Transaction;
import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.config.TxnConfig;
import io.cairn.tikv.rpc.RpcCall;
import io.cairn.tikv.rpc.RpcInterceptor;
import io.cairn.tikv.rpc.RpcKind;
import io.cairn.tikv.txn.TikvStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit latency of small single-region transactions with one-phase commit on and off, on the
 * {@code embedded://} stack (in-process PD, one node on RocksDB with one-replica Raft, in-process
 * gRPC). Prints its lines and appends them to {@code target/driver-figures.txt}; the
 * assertions check that each mode really ran as named (RPCs counted by kind). Run with
 * {@code mvn -pl tikv-driver -am test -Dtest=OnePcFiguresTest -Dcairn.test.excludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class OnePcFiguresTest {

  private static final Path OUT = Path.of("target", "driver-figures.txt");
  private static final int RUNS = 300;
  private static final int WARM = 30;

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

  @Test
  void commitLatencyWithAndWithoutOnePhaseCommitOnEmbedded(@TempDir Path dir) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start("fig-1pc", dir.resolve("fig"), 1);
        TikvStorage s = TikvStorage.open("embedded://fig-1pc", List.of(cluster.pdEndpoint()),
            TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(15)),
            TxnConfig.defaults(), InProcessCluster.channels())) {
      AtomicLong onePcPrewrites = new AtomicLong();
      AtomicLong commits = new AtomicLong();
      s.routing().rpcClient().addInterceptor(new RpcInterceptor() {
        @Override
        public <Req extends Message, Resp extends Message> Resp intercept(
            RpcCall<Req, Resp> call, Invocation<Req, Resp> next) {
          if (call.kind() == RpcKind.KV_PREWRITE_ONE_PC) {
            onePcPrewrites.incrementAndGet();
          } else if (call.kind() == RpcKind.KV_COMMIT) {
            commits.incrementAndGet();
          }
          return next.proceed(call);
        }
      });
      Random random = new Random(7);
      report("commit latency on embedded:// (RocksDB, one-replica Raft), commit() only, "
          + RUNS + " commits each, 64-byte values:");
      for (int size : new int[] {1, 10}) {
        double[] medians = new double[2];
        for (int mode = 0; mode < 2; mode++) {
          boolean on = mode == 0;
          s.setOption("tidb_enable_1pc", on ? "ON" : "OFF");
          long[] nanos = new long[RUNS];
          long onePc0 = 0;
          long commits0 = 0;
          for (int r = -WARM; r < RUNS; r++) {
            if (r == 0) {
              onePc0 = onePcPrewrites.get();
              commits0 = commits.get();
            }
            try (Transaction t = s.begin()) {
              for (int i = 0; i < size; i++) {
                t.set(Key.utf8(String.format("c/%d/%08d", size, random.nextInt(100_000_000))),
                    new byte[64]);
              }
              long t0 = System.nanoTime();
              t.commit();
              if (r >= 0) {
                nanos[r] = System.nanoTime() - t0;
              }
            }
          }
          long onePcSent = onePcPrewrites.get() - onePc0;
          long commitsSent = commits.get() - commits0;
          if (on) {
            assertThat(onePcSent).isEqualTo(RUNS);
            assertThat(commitsSent).as("every measured commit was one-phase").isZero();
          } else {
            assertThat(onePcSent).isZero();
            assertThat(commitsSent).isGreaterThanOrEqualTo(RUNS);
          }
          long[] sorted = nanos.clone();
          Arrays.sort(sorted);
          medians[mode] = sorted[RUNS / 2] / 1e6;
          report(String.format("  %2d keys, 1PC %-3s: median %.2f ms, p90 %.2f ms", size,
              on ? "on" : "off", medians[mode], sorted[RUNS * 9 / 10] / 1e6));
        }
        report(String.format("  %2d keys: 1PC takes %.0f%% of the two-phase median", size,
            100 * medians[0] / medians[1]));
      }
    }
  }
}
