package io.cairn.tikv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.config.TikvClientConfig;
import io.cairn.tikv.testing.InProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TsoBatchingTest {

  private final InProcess net = new InProcess();
  private FakePd pd;
  private GrpcPdClient client;

  @BeforeEach
  void start() {
    pd = new FakePd("tso-pd-" + System.nanoTime(), 42);
    net.start(pd.url, pd);
    client = new GrpcPdClient(
        List.of(pd.url), InProcess.channels(), TikvClientConfig.defaults().withPdTimeout(Duration.ofSeconds(30)), Thread::new);
  }

  @AfterEach
  void stop() {
    client.close();
    net.close();
  }

  private static void awaitCondition(java.util.function.BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 30 s");
      }
      Thread.sleep(1);
    }
  }

  @Test
  void concurrentCallersGetDistinctIncreasingTimestampsFromFewerRequests() throws Exception {
    int threads = 16;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          go.await();
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            mine.add(client.getTimestamp());
          }
          return mine;
        }));
      }
      go.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : results) {
        List<Long> mine = f.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertThat(mine.get(i)).as("timestamps of one caller increase").isGreaterThan(mine.get(i - 1));
        }
        all.addAll(mine);
      }
      assertThat(all).as("every timestamp is distinct").hasSize(threads * perThread);
      int requests = pd.tsoCounts.size();
      assertThat(requests).as("TsoRequests sent for %d calls", threads * perThread).isLessThan(threads * perThread);
      assertThat(pd.tsoCounts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * perThread);
      assertThat(client.tsoRequestsSent()).isEqualTo(requests);
      assertThat(pd.tsoStreams.get()).as("one long-lived stream").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitersQueuedDuringARoundTripShareOneRequest() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    pd.tsoGate = gate;
    CompletableFuture<Long> first = client.getTimestampAsync();
    awaitCondition(() -> pd.tsoCounts.size() == 1);
    List<CompletableFuture<Long>> next = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      next.add(client.getTimestampAsync());
    }
    awaitCondition(() -> client.tsoPendingWaiters() == 9);
    pd.tsoGate = null;
    gate.countDown();
    long previous = first.get(30, TimeUnit.SECONDS);
    for (CompletableFuture<Long> f : next) {
      long ts = f.get(30, TimeUnit.SECONDS);
      assertThat(ts).as("waiters queued later get later timestamps").isGreaterThan(previous);
      previous = ts;
    }
    assertThat(pd.tsoCounts).containsExactly(1, 9);
    // The batch of nine is consecutive logical ticks at one physical time.
    long last = next.get(8).get();
    assertThat(last - next.get(0).get()).isEqualTo(8);
    assertThat(last >>> 18).isEqualTo(1_000);
  }

  @Test
  void requestsCarryTheClusterIdFromGetMembers() {
    client.getTimestamp();
    client.getRegion(new byte[] {1});
    assertThat(client.clusterId()).isEqualTo(42);
    assertThat(pd.headerClusterIds).isNotEmpty().allMatch(id -> id == 42);
  }

  @Test
  void aBrokenStreamFailsTheWaitersRetryablyAndIsReopened() throws Exception {
    client.getTimestamp();
    pd.failNextTso.set(1);
    CompletableFuture<Long> failed = client.getTimestampAsync();
    assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PdException.class)
        .matches(e -> ((PdException) e).retryable(), "retryable");
    long after = client.getTimestamp();
    assertThat(after).isPositive();
    assertThat(pd.tsoStreams.get()).isEqualTo(2);
  }

  @Test
  void aWrongCountBreaksTheStream() {
    pd.wrongCountNextTso.set(1);
    assertThatThrownBy(client::getTimestamp)
        .isInstanceOf(PdException.class)
        .hasMessageContaining("timestamps for 1")
        .matches(e -> ((PdException) e).retryable(), "retryable");
    assertThat(client.getTimestamp()).isPositive();
    assertThat(pd.tsoStreams.get()).isEqualTo(2);
  }

  @Test
  void closeFailsLaterCallsFinally() {
    client.getTimestamp();
    client.close();
    assertThatThrownBy(client::getTimestamp)
        .isInstanceOf(PdException.class)
        .matches(e -> !((PdException) e).retryable(), "not retryable");
  }
}
