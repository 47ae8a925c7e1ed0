package io.cairn.tikv.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The hot path of RPC latency recording: no allocation per RPC, and its cost as a figure
 * (printed, not asserted: the machine's load decides it). Run alone for the figure: {@code mvn
 * -pl tikv-driver -am test -Dtest=RpcMetricsCostTest}.
 */
class RpcMetricsCostTest {

  private static final int WARM_UP = 200_000;
  private static final int OPS = 2_000_000;
  /** {@code values()} copies its array on every call: the loop must not allocate itself. */
  private static final RpcMetrics.Outcome[] OUTCOMES = RpcMetrics.Outcome.values();

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static void record(RpcMetrics m, int n, long seed) {
    long x = seed;
    for (int i = 0; i < n; i++) {
      // xorshift: latencies spread over 0 .. ~16 ms, kinds and outcomes over the table
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      RpcKind<?, ?> kind = i % 3 == 0 ? RpcKind.KV_GET : i % 3 == 1 ? RpcKind.KV_PREWRITE : RpcKind.COPROCESSOR;
      m.record(kind, OUTCOMES[(int) ((x >>> 40) % 3)], (x >>> 40) & 0xFFFFFF);
    }
  }

  @Test
  void recordingAllocatesNothing() {
    RpcMetrics m = new RpcMetrics();
    record(m, WARM_UP, 88172645463325252L);
    long before = allocatedBytes();
    long start = System.nanoTime();
    record(m, OPS, 2463534242L);
    long elapsed = System.nanoTime() - start;
    long allocated = allocatedBytes() - before;
    System.out.printf("RpcMetrics.record, 1 thread: %.1f ns/op, %d bytes allocated over %d ops%n",
        (double) elapsed / OPS, allocated, OPS);
    assertThat(allocated).as("bytes allocated by %d records", OPS).isLessThan(4_096);
    long total = 0;
    for (RpcKind<?, ?> k : new RpcKind<?, ?>[] {RpcKind.KV_GET, RpcKind.KV_PREWRITE, RpcKind.COPROCESSOR}) {
      for (RpcMetrics.Outcome o : RpcMetrics.Outcome.values()) {
        total += m.count(k, o);
      }
    }
    assertThat(total).isEqualTo(WARM_UP + OPS);
  }

  @Test
  void twoThreadsRecordWithoutLosingCounts() throws InterruptedException {
    RpcMetrics m = new RpcMetrics();
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong nanos = new AtomicLong();
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      long seed = 1234567L + t;
      threads[t] = Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long start = System.nanoTime();
        record(m, OPS, seed);
        nanos.addAndGet(System.nanoTime() - start);
      });
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    System.out.printf("RpcMetrics.record, 2 threads: %.1f ns/op per thread%n", (double) nanos.get() / (2L * OPS));
    long total = 0;
    for (RpcKind<?, ?> k : new RpcKind<?, ?>[] {RpcKind.KV_GET, RpcKind.KV_PREWRITE, RpcKind.COPROCESSOR}) {
      for (RpcMetrics.Outcome o : RpcMetrics.Outcome.values()) {
        total += m.count(k, o);
      }
    }
    assertThat(total).isEqualTo(2L * OPS);
  }
}
